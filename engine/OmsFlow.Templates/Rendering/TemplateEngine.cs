using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using HandlebarsDotNet;
using OmsFlow.Templates.Helpers;
using OmsFlow.Templates.Rendering.Direct;
using OmsFlow.Templates.Validation;

namespace OmsFlow.Templates.Rendering;

/// <summary>
/// Compiles and renders Handlebars templates with OmsFlow's helpers. One Handlebars environment per
/// <see cref="OutputMode"/> (HTML escapes, text does not, ZPL escapes printer commands); partials are registered
/// per mode so an email layout can have an HTML and a text variant under one name.
/// </summary>
/// <remarks>Compiled delegates are cached by id + version + mode + content hash; a new draft text compiles anew.</remarks>
public sealed partial class TemplateEngine
{
    /// <summary>Every helper name templates may call, for validation and designer completion.</summary>
    public static IReadOnlyList<string> HelperNames { get; } =
    [
        "money", "number", "percent", "date", "datetime", "time", "pluralise", "pluralize",
        "eq", "ne", "gt", "gte", "lt", "lte", "and", "or", "not", "default", "upper", "lower",
        "address", "sscc", "ssccText", "urlencode", "qr", "dots",
    ];

    /// <summary>Handlebars' own helpers and block helpers.</summary>
    public static IReadOnlyList<string> BuiltInHelperNames { get; } = ["if", "unless", "each", "with", "lookup", "log"];

    private readonly Dictionary<OutputMode, IHandlebars> environments;
    private readonly Dictionary<OutputMode, HelperTable> helpers = [];
    private readonly Dictionary<OutputMode, IFormatProvider> numberFormats = [];
    private readonly ConcurrentDictionary<(OutputMode Mode, string Name), DirectNode[]?> directPartials = new();
    private readonly Func<OutputMode, string, DirectNode[]?> findDirectPartial;
    private readonly ConcurrentDictionary<(string Id, int Version, OutputMode Mode, string Hash), CompiledTemplate> cache = new();
    private readonly ConcurrentDictionary<(OutputMode Mode, string Name), string> partials = new();

    /// <summary>Creates an engine that renders JSON models with the direct renderer where a template allows it.</summary>
    public TemplateEngine()
        : this(directRendering: true)
    {
    }

    /// <summary>
    /// Creates an engine. With <paramref name="directRendering"/> (the default) templates over JSON models render
    /// through OmsFlow's direct renderer, about ten times faster than Handlebars.Net; templates using syntax it does not
    /// cover, typed models and every error case go through Handlebars.Net, so output and messages are the same.
    /// </summary>
    public TemplateEngine(bool directRendering)
    {
        DirectRendering = directRendering;
        findDirectPartial = FindDirectPartial;
        environments = new()
        {
            [OutputMode.Html] = CreateEnvironment(OutputMode.Html),
            [OutputMode.Text] = CreateEnvironment(OutputMode.Text),
            [OutputMode.Zpl] = CreateEnvironment(OutputMode.Zpl),
        };
    }

    /// <summary>Whether JSON models render through the direct renderer where possible.</summary>
    public bool DirectRendering { get; }

    /// <summary>Number of compiled delegates held.</summary>
    public int CachedTemplateCount => cache.Count;

    /// <summary>Registers (or replaces) a partial usable as <c>{{> name}}</c> or as a layout <c>{{#> name}}...{{/name}}</c>.</summary>
    public void RegisterPartial(string name, string source, OutputMode mode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(source);
        lock (environments)
        {
            try
            {
                environments[mode].RegisterTemplate(name, source);
            }
            catch (HandlebarsException exception)
            {
                throw new TemplateRenderException($"Partial '{name}' ({mode}){Location(exception.Message)}: {FirstLine(exception.Message)}", exception);
            }

            partials[(mode, name)] = source;
            directPartials.TryRemove((mode, name), out _);
        }
    }

    /// <summary>The source of a registered partial, or null.</summary>
    public string? FindPartial(string name, OutputMode mode) => partials.TryGetValue((mode, name), out var source) ? source : null;

    /// <summary>Compiles <paramref name="source"/> or returns the cached delegate for the same id, version, mode and content.</summary>
    /// <exception cref="TemplateRenderException">Syntax error; the message carries line:column where Handlebars reports it.</exception>
    public CompiledTemplate Compile(TemplateSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var key = (source.Id, source.Version, source.Mode, source.ContentHash);
        if (cache.TryGetValue(key, out var compiled))
        {
            return compiled;
        }

        HandlebarsTemplate<object, object> template;
        try
        {
            lock (environments)
            {
                template = environments[source.Mode].Compile(source.Content);
            }
        }
        catch (HandlebarsException exception)
        {
            // Handlebars.Net's positions drift across lines; the scanner knows the exact spot of most syntax errors.
            var problems = new List<TemplateProblem>();
            new TemplateScanner(source.Content, source.Id).Scan(problems);
            var message = problems.Count > 0
                ? $"Template '{source.Id}' v{source.Version} at {problems[0].Line}:{problems[0].Column}: {problems[0].Message}"
                : $"Template '{source.Id}' v{source.Version}{Location(exception.Message)}: {FirstLine(exception.Message)}";
            throw new TemplateRenderException(message, exception);
        }

        var direct = DirectRendering ? DirectParser.TryParse(source.Content) : null;
        var renderDirect = direct is null ? null : new DirectTemplate(direct, source.Mode, helpers[source.Mode], numberFormats[source.Mode], findDirectPartial);
        return cache.GetOrAdd(key, new CompiledTemplate(source, template, renderDirect));
    }

    /// <summary>Compiles (cached) and renders in one call.</summary>
    public string Render(TemplateSource source, object? model, RenderSettings? settings = null, object? data = null) =>
        Compile(source).Render(model, settings, data);

    /// <summary>A registered partial compiled for the direct renderer; null when it is missing or needs Handlebars.Net.</summary>
    private DirectNode[]? FindDirectPartial(OutputMode mode, string name) =>
        directPartials.GetOrAdd((mode, name), key => FindPartial(key.Name, key.Mode) is { } source ? DirectParser.TryParse(source) : null);

    private IHandlebars CreateEnvironment(OutputMode mode)
    {
        var configuration = new HandlebarsConfiguration();
        switch (mode)
        {
            case OutputMode.Text:
                configuration.NoEscape = true;
                break;
            case OutputMode.Zpl:
                configuration.TextEncoder = new ZplTextEncoder();
                break;
        }

        configuration.ObjectDescriptorProviders.Add(new JsonElementDescriptorProvider());

        // Handlebars.Net prints numbers with the culture of the thread that created the engine; the direct renderer too.
        numberFormats[mode] = configuration.FormatProvider;
        var handlebars = Handlebars.Create(configuration);
        var table = new HelperTable();
        FormattingHelpers.Register(table);
        LogicHelpers.Register(table);
        DocumentHelpers.Register(table);
        table.RegisterInto(handlebars);
        DocumentHelpers.RegisterWriters(handlebars, mode);
        helpers[mode] = table;
        return handlebars;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static string Location(string message) =>
        OccurredAt().Match(message) is { Success: true } match ? $" at {match.Groups[1].Value}:{match.Groups[2].Value}" : string.Empty;

    [GeneratedRegex(@"Occured at:\s*(\d+):(\d+)")]
    private static partial Regex OccurredAt();
}
