using OmsFlow.Templates.Rendering;

namespace OmsFlow.Templates.Definitions;

/// <summary>A shared partial (layout or reusable block) available to every template of its output mode.</summary>
public sealed record TemplatePartial(string Name, OutputMode Mode, string Content);

/// <summary>Template sets and shared partials loaded together, e.g. from <c>definitions/templates</c>.</summary>
public sealed class TemplateLibrary
{
    private readonly Dictionary<string, TemplateSet> sets;

    public TemplateLibrary(IEnumerable<TemplateSet> sets, IEnumerable<TemplatePartial> partials)
    {
        this.sets = sets.ToDictionary(s => s.Id, StringComparer.Ordinal);
        Partials = [.. partials];
    }

    /// <summary>The template sets by id.</summary>
    public IReadOnlyDictionary<string, TemplateSet> Sets => sets;

    /// <summary>Layouts and blocks under <c>_partials</c>.</summary>
    public IReadOnlyList<TemplatePartial> Partials { get; }

    /// <summary>The set with <paramref name="id"/>; throws listing the known ids when absent.</summary>
    public TemplateSet Get(string id) =>
        sets.TryGetValue(id, out var set)
            ? set
            : throw new KeyNotFoundException($"No template set '{id}'. Known: {string.Join(", ", sets.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>Registers every partial with <paramref name="engine"/> so templates can use them.</summary>
    public void RegisterPartials(TemplateEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        foreach (var partial in Partials)
        {
            engine.RegisterPartial(partial.Name, partial.Content, partial.Mode);
        }
    }
}
