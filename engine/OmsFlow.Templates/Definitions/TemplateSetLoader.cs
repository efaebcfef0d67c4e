using System.Text.Json;
using OmsFlow.Templates.Rendering;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OmsFlow.Templates.Definitions;

/// <summary>
/// Loads template sets from folders:
/// <code>
/// templates/_partials/email-layout.html.hbs      partial "email-layout" for HTML output
/// templates/order-confirmation/template.yaml     kind, name, description
/// templates/order-confirmation/subject.hbs       parts: every *.hbs file, named without ".hbs"
/// templates/order-confirmation/sample.json       sample data for validation and previews
/// </code>
/// </summary>
public static class TemplateSetLoader
{
    /// <summary>Folder holding shared partials inside a templates root.</summary>
    public const string PartialsFolder = "_partials";

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>Loads every set folder and the <c>_partials</c> folder under <paramref name="root"/>.</summary>
    public static TemplateLibrary LoadLibrary(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (!Directory.Exists(root))
        {
            throw new TemplateDefinitionException($"{root}: templates folder not found.");
        }

        var partials = new List<TemplatePartial>();
        var partialsRoot = Path.Combine(root, PartialsFolder);
        if (Directory.Exists(partialsRoot))
        {
            foreach (var file in Directory.EnumerateFiles(partialsRoot, "*.hbs").Order(StringComparer.Ordinal))
            {
                var part = Path.GetFileName(file)[..^4];
                var mode = TemplateSet.ModeOf(part);
                var name = mode == OutputMode.Text && part.EndsWith(".txt", StringComparison.Ordinal) ? part[..^4]
                    : mode == OutputMode.Text ? part : part[..part.LastIndexOf('.')];
                partials.Add(new TemplatePartial(name, mode, File.ReadAllText(file)));
            }
        }

        var sets = Directory.EnumerateDirectories(root)
            .Where(d => File.Exists(Path.Combine(d, "template.yaml")))
            .Order(StringComparer.Ordinal)
            .Select(d => LoadSet(d));
        return new TemplateLibrary([.. sets], partials);
    }

    /// <summary>Loads one set folder; <paramref name="version"/> tags its sources (0 for drafts).</summary>
    public static TemplateSet LoadSet(string folder, int version = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var manifestPath = Path.Combine(folder, "template.yaml");
        var manifest = ReadManifest(manifestPath);
        var id = manifest.Id ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        if (!Enum.TryParse<TemplateKind>(manifest.Kind?.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var kind))
        {
            throw new TemplateDefinitionException(
                $"{manifestPath}:{manifest.KindLine}:1: unknown kind '{manifest.Kind}'; use one of email, label, invoice, credit-note, packing-slip.");
        }

        var parts = Directory.EnumerateFiles(folder, "*.hbs")
            .Order(StringComparer.Ordinal)
            .ToDictionary(
                f => Path.GetFileName(f)[..^4],
                f => new TemplateSource($"{id}/{Path.GetFileName(f)}", version, TemplateSet.ModeOf(Path.GetFileName(f)[..^4]), File.ReadAllText(f)),
                StringComparer.Ordinal);
        return new TemplateSet(id, version, kind, manifest.Name ?? id, manifest.Description, parts, ReadSample(Path.Combine(folder, "sample.json")));
    }

    private static JsonElement? ReadSample(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new TemplateDefinitionException($"{path}:{exception.LineNumber + 1}:{exception.BytePositionInLine + 1}: invalid JSON: {exception.Message}", exception);
        }
    }

    private static Manifest ReadManifest(string path)
    {
        var text = File.ReadAllText(path);
        try
        {
            var manifest = Yaml.Deserialize<Manifest?>(text) ?? new Manifest();
            var kindLine = Array.FindIndex(text.Split('\n'), l => l.TrimStart().StartsWith("kind:", StringComparison.Ordinal)) + 1;
            manifest.KindLine = Math.Max(kindLine, 1);
            return manifest;
        }
        catch (YamlException exception)
        {
            throw new TemplateDefinitionException($"{path}:{exception.Start.Line}:{exception.Start.Column}: {exception.InnerException?.Message ?? exception.Message}", exception);
        }
    }

    private sealed class Manifest
    {
        public string? Id { get; set; }
        public string? Kind { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }

        [YamlIgnore]
        public int KindLine { get; set; }
    }
}
