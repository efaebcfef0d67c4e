using System.Text;

namespace OmsFlow.Workflows.Releases.Diff;

/// <summary>How a definition or one of its parts differs between two sides.</summary>
public enum ChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>One semantic change inside a definition, e.g. a step's activity, a rule's expression or a table row.</summary>
/// <param name="Subject">What changed, e.g. <c>step 'reserve'</c>, <c>rule 'Discounts/Vip'</c>, <c>row 3</c>, <c>part 'body.html'</c>.</param>
/// <param name="Field">The changed field of the subject (<c>activity</c>, <c>inputs.sku</c>, <c>next.failure</c>, <c>expression</c>), or null for the whole subject.</param>
/// <param name="Before">The old value as text (null when added).</param>
/// <param name="After">The new value as text (null when removed).</param>
/// <param name="Lines">For text (template parts): a unified line diff.</param>
public sealed record DiffChange(ChangeKind Kind, string Subject, string? Field, string? Before, string? After, string? Lines = null)
{
    /// <summary>One line of the human-readable report.</summary>
    public override string ToString()
    {
        var what = Field is null ? Subject : $"{Subject} {Field}";
        return Kind switch
        {
            ChangeKind.Added => $"+ {what}" + (After is null || Lines is not null ? string.Empty : $": {After}"),
            ChangeKind.Removed => $"- {what}" + (Before is null || Lines is not null ? string.Empty : $": {Before}"),
            _ => Lines is not null ? $"~ {what}" : $"~ {what}: {Before} -> {After}",
        };
    }
}

/// <summary>How one definition differs between the two sides.</summary>
public sealed record DefinitionDiff(string Kind, string Id, ChangeKind Change, int? FromVersion, int? ToVersion, IReadOnlyList<DiffChange> Changes);

/// <summary>The semantic differences between two sets of definitions (releases, or files against a release).</summary>
/// <param name="From">What the left side is, e.g. <c>release 3</c>.</param>
/// <param name="To">What the right side is, e.g. <c>release 4</c> or <c>./definitions</c>.</param>
public sealed record ReleaseDiff(string From, string To, IReadOnlyList<DefinitionDiff> Definitions)
{
    public bool HasDifferences => Definitions.Count > 0;

    /// <summary>
    /// The report as a changelog: a summary line, then per kind (workflows, rule sets, tables, template sets) one block per
    /// definition with one line per change (<c>+</c> added, <c>-</c> removed, <c>~</c> changed) and template parts as unified diffs.
    /// </summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append("Changes from ").Append(From).Append(" to ").Append(To).Append(':');
        if (!HasDifferences)
        {
            text.AppendLine(" none");
            return text.ToString();
        }
        var counts = Definitions.CountBy(d => d.Change).OrderBy(c => c.Key).Select(c => $"{c.Value} {Word(c.Key)}");
        text.Append(' ').AppendJoin(", ", counts).AppendLine();
        foreach (var group in Definitions.GroupBy(d => d.Kind, StringComparer.Ordinal))
        {
            text.AppendLine().AppendLine(Heading(group.Key));
            foreach (var definition in group)
            {
                var versions = (definition.FromVersion, definition.ToVersion) switch
                {
                    ({ } a, { } b) => $" (v{a} -> v{b})",
                    (null, { } b) => $" (new, v{b})",
                    ({ } a, null) when definition.Change == ChangeKind.Changed => $" (v{a} -> new version)",
                    ({ } a, null) => $" (was v{a})",
                    _ => string.Empty,
                };
                text.Append("  ").Append(definition.Change switch { ChangeKind.Added => "+ ", ChangeKind.Removed => "- ", _ => "~ " })
                    .Append(definition.Kind).Append(' ').Append(definition.Id).Append(versions).AppendLine();
                foreach (var change in definition.Changes)
                {
                    text.Append("      ").Append(change).AppendLine();
                    if (change.Lines is not null)
                    {
                        foreach (var line in change.Lines.Split('\n'))
                        {
                            text.Append("          ").Append(line).AppendLine();
                        }
                    }
                }
            }
        }
        return text.ToString();
    }

    private static string Word(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => "added",
        ChangeKind.Removed => "removed",
        _ => "changed",
    };

    private static string Heading(string kind) => kind switch
    {
        "workflow" => "Workflows",
        "rules" => "Rule sets",
        "table" => "Decision tables",
        "template" => "Template sets",
        _ => kind,
    };
}
