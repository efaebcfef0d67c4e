using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Rendering;

namespace OmsFlow.Workflows.Versions.Kinds;

/// <summary>
/// The stored form of a template set version: its parts, the shared partials it was published with and its sample
/// data, so a version renders the same forever even after a shared layout changes.
/// </summary>
public sealed class TemplateDocument
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public string? Id { get; set; }

    /// <summary><c>email</c>, <c>label</c>, <c>invoice</c>, <c>credit-note</c> or <c>packing-slip</c>.</summary>
    public string? Kind { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Part name (file name without <c>.hbs</c>, e.g. <c>subject</c>, <c>body.html</c>) to template text.</summary>
    public SortedDictionary<string, string> Parts { get; set; } = new(StringComparer.Ordinal);

    public List<TemplateDocumentPartial> Partials { get; set; } = [];

    /// <summary>Example data of the document kind: strict validation checks every variable against it; previews use it.</summary>
    public JsonNode? Sample { get; set; }

    /// <summary>The text form of a template kind, e.g. <c>credit-note</c>.</summary>
    public static string KindText(TemplateKind kind) => kind switch
    {
        TemplateKind.CreditNote => "credit-note",
        TemplateKind.PackingSlip => "packing-slip",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Builds the document of a set loaded from disk, with every shared partial of its library.</summary>
    public static TemplateDocument From(TemplateSet set, IEnumerable<TemplatePartial> partials)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(partials);
        return new TemplateDocument
        {
            Id = set.Id,
            Kind = KindText(set.Kind),
            Name = set.Name,
            Description = set.Description,
            Parts = new SortedDictionary<string, string>(set.Parts.ToDictionary(p => p.Key, p => p.Value.Content), StringComparer.Ordinal),
            Partials = [.. partials.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Mode)
                .Select(p => new TemplateDocumentPartial { Name = p.Name, Mode = p.Mode.ToString().ToLowerInvariant(), Content = p.Content })],
            Sample = set.SampleData is { } sample ? JsonNode.Parse(sample.GetRawText()) : null,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>A shared partial (layout or block) as stored with a template version.</summary>
public sealed class TemplateDocumentPartial
{
    public string Name { get; set; } = string.Empty;

    /// <summary><c>html</c>, <c>text</c> or <c>zpl</c>.</summary>
    public string Mode { get; set; } = "html";

    public string Content { get; set; } = string.Empty;
}

/// <summary>A template set version ready to render: the set, an engine with its partials, and a document renderer.</summary>
public sealed class TemplateBundle
{
    internal TemplateBundle(TemplateSet set, TemplateEngine engine)
    {
        Set = set;
        Engine = engine;
        Renderer = new DocumentRenderer(engine);
    }

    public TemplateSet Set { get; }

    public TemplateEngine Engine { get; }

    public DocumentRenderer Renderer { get; }

    /// <summary>The formats this set renders to; the first is the default.</summary>
    public IReadOnlyList<DocumentFormat> Formats => DocumentRenderer.FormatsOf(Set.Kind);
}
