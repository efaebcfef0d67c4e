using System.Globalization;
using System.Text.Json;
using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Validation;

namespace OmsFlow.Cli.Render;

/// <summary>The arguments of <c>omsflow render</c>.</summary>
public sealed record RenderRequest(
    string Template, string? Data, string? Format, string? Out, string? Definitions, string? Culture, string? TimeZone, int? Dpi);

/// <summary>Executes <c>omsflow render</c>: validates the set (strictly, against its sample), then renders it.</summary>
public static class RenderRunner
{
    public static int Run(RenderRequest request, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (Locate(request, error) is not { } location)
        {
            return RenderCommand.InvalidInput;
        }
        TemplateLibrary library;
        TemplateSet set;
        try
        {
            library = TemplateSetLoader.LoadLibrary(location.Root);
            set = location.SetFolder is { } folder ? TemplateSetLoader.LoadSet(folder) : library.Get(request.Template);
        }
        catch (Exception exception) when (exception is TemplateDefinitionException or KeyNotFoundException)
        {
            error.WriteLine(exception.Message);
            return RenderCommand.InvalidInput;
        }
        var engine = new TemplateEngine();
        library.RegisterPartials(engine);
        var problems = set.Validate(new TemplateValidator(engine));
        foreach (var problem in problems)
        {
            error.WriteLine($"{Path.Combine(location.Root, problem.Template)}:{problem.Line}:{problem.Column}: {problem.Code}: {problem.Message}");
        }
        if (problems.Count > 0)
        {
            return RenderCommand.InvalidInput;
        }
        var format = DocumentRenderer.FormatsOf(set.Kind)[0];
        if (request.Format is { } formatText && (!Enum.TryParse(formatText, ignoreCase: true, out format) || !DocumentRenderer.FormatsOf(set.Kind).Contains(format)))
        {
            error.WriteLine($"--format {formatText}: template set '{set.Id}' renders {string.Join(" or ", DocumentRenderer.FormatsOf(set.Kind)).ToLowerInvariant()}");
            return RenderCommand.InvalidInput;
        }
        if (format == DocumentFormat.Pdf && request.Out is null)
        {
            error.WriteLine("--out FILE is required for pdf (a PDF is binary)");
            return RenderCommand.InvalidInput;
        }
        if (ReadData(request.Data, set, error) is not { } data || Settings(request, error) is not { } settings)
        {
            return RenderCommand.InvalidInput;
        }
        RenderedDocument rendered;
        try
        {
            rendered = new DocumentRenderer(engine).Render(set, data, format, settings);
        }
        catch (TemplateRenderException exception)
        {
            error.WriteLine(exception.Message);
            return RenderCommand.RenderFailed;
        }
        if (request.Out is { } path)
        {
            File.WriteAllBytes(path, rendered.Content.ToArray());
        }
        else
        {
            output.Write(rendered.Text);
        }
        return RenderCommand.Ok;
    }

    private static (string Root, string? SetFolder)? Locate(RenderRequest request, TextWriter error)
    {
        if (string.IsNullOrWhiteSpace(request.Template))
        {
            error.WriteLine("TEMPLATE is required: a template set id or the path of a set folder");
            return null;
        }
        if (File.Exists(Path.Combine(request.Template, "template.yaml")))
        {
            var folder = Path.GetFullPath(request.Template);
            return (Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(folder))!, folder);
        }
        var definitions = request.Definitions ?? FindDefinitions();
        var root = definitions is null ? null : Path.Combine(definitions, "templates");
        if (root is null || !Directory.Exists(root))
        {
            error.WriteLine(request.Definitions is null
                ? "no definitions/templates folder found here or above; pass --definitions DIR"
                : $"--definitions {request.Definitions}: it has no templates folder");
            return null;
        }
        return (root, null);
    }

    private static string? FindDefinitions()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "definitions");
            if (Directory.Exists(Path.Combine(candidate, "templates")))
            {
                return candidate;
            }
        }
        return null;
    }

    private static JsonElement? ReadData(string? data, TemplateSet set, TextWriter error)
    {
        if (data is null)
        {
            if (set.SampleData is null)
            {
                error.WriteLine($"--data is required: template set '{set.Id}' has no sample.json");
            }
            return set.SampleData;
        }
        var text = data;
        if (data.StartsWith('@'))
        {
            if (!File.Exists(data[1..]))
            {
                error.WriteLine($"--data {data}: file not found");
                return null;
            }
            text = File.ReadAllText(data[1..]);
        }
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            error.WriteLine($"--data: invalid JSON at {(exception.LineNumber ?? 0) + 1}:{(exception.BytePositionInLine ?? 0) + 1}: {exception.Message.Split(" Path:", 2)[0]}");
            return null;
        }
    }

    private static RenderSettings? Settings(RenderRequest request, TextWriter error)
    {
        try
        {
            var settings = RenderSettings.For(request.Culture ?? "en-US", request.TimeZone ?? "UTC");
            return request.Dpi is { } dpi ? settings with { Dpi = dpi } : settings;
        }
        catch (Exception exception) when (exception is CultureNotFoundException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error.WriteLine($"--culture/--time-zone: {exception.Message}");
            return null;
        }
    }
}
