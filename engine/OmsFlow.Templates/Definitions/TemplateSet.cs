using System.Text.Json;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Validation;

namespace OmsFlow.Templates.Definitions;

/// <summary>Well-known part names of a template set (file name without <c>.hbs</c>).</summary>
public static class TemplatePartNames
{
    public const string Subject = "subject";
    public const string HtmlBody = "body.html";
    public const string TextBody = "body.txt";
    public const string Zpl = "label.zpl";
    public const string Notes = "notes.txt";
}

/// <summary>
/// All templates of one document kind at one version, with the sample data used to validate and preview them.
/// </summary>
/// <param name="Id">Definition id, e.g. <c>order-confirmation</c>.</param>
/// <param name="Version">Definition version; 0 for a draft or files loaded from disk.</param>
/// <param name="Parts">Template parts by name (<see cref="TemplatePartNames"/>).</param>
/// <param name="SampleData">Example data of the document kind; strict validation checks every variable against it.</param>
public sealed record TemplateSet(
    string Id,
    int Version,
    TemplateKind Kind,
    string Name,
    string? Description,
    IReadOnlyDictionary<string, TemplateSource> Parts,
    JsonElement? SampleData)
{
    /// <summary>The part named <paramref name="name"/>, or null.</summary>
    public TemplateSource? Part(string name) => Parts.TryGetValue(name, out var part) ? part : null;

    /// <summary>The part named <paramref name="name"/>; throws naming the set and the file to add when absent.</summary>
    public TemplateSource RequiredPart(string name) =>
        Part(name) ?? throw new TemplateRenderException($"Template set '{Id}' v{Version} has no '{name}' part; add {name}.hbs to it.");

    /// <summary>Validates every part against <see cref="SampleData"/> (strict when sample data is present).</summary>
    public IReadOnlyList<TemplateProblem> Validate(TemplateValidator validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return [.. Parts.Values.OrderBy(p => p.Id, StringComparer.Ordinal).SelectMany(part => validator.Validate(part, SampleData))];
    }

    /// <summary>
    /// Builds a set from stored part texts (e.g. a definition version read from the database), naming and encoding
    /// each part exactly as the loader does for files.
    /// </summary>
    /// <param name="parts">Part name (<see cref="TemplatePartNames"/>, file name without <c>.hbs</c>) to template text.</param>
    public static TemplateSet Create(
        string id,
        int version,
        TemplateKind kind,
        IReadOnlyDictionary<string, string> parts,
        JsonElement? sampleData = null,
        string? name = null,
        string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(parts);
        var sources = parts.ToDictionary(
            part => part.Key,
            part => new TemplateSource($"{id}/{part.Key}.hbs", version, ModeOf(part.Key), part.Value),
            StringComparer.Ordinal);
        return new TemplateSet(id, version, kind, name ?? id, description, sources, sampleData);
    }

    /// <summary>The mode a part file is rendered in, from its name: <c>.html</c>, <c>.zpl</c>, otherwise text.</summary>
    public static OutputMode ModeOf(string partName)
    {
        ArgumentNullException.ThrowIfNull(partName);
        return partName.EndsWith(".html", StringComparison.OrdinalIgnoreCase) ? OutputMode.Html
            : partName.EndsWith(".zpl", StringComparison.OrdinalIgnoreCase) ? OutputMode.Zpl
            : OutputMode.Text;
    }
}
