using System.Globalization;
using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Releases.Rehearse;

/// <summary>
/// Which recorded orders a rehearsal replays: the inputs the rule set or table saw in past instances (the last
/// <see cref="Last"/>, or those started since <see cref="Since"/>; optionally only of one workflow), or explicit inputs.
/// </summary>
public sealed record RehearsalSource(int? Last = null, DateTimeOffset? Since = null, string? WorkflowId = null, IReadOnlyList<JsonObject>? Inputs = null)
{
    /// <summary>Default number of past instances replayed when neither a count nor a time is given.</summary>
    public const int DefaultLast = 1000;

    /// <summary>Parses <c>last:N</c> or <c>since:2026-11-01</c> (a date or an ISO 8601 time).</summary>
    public static bool TryParse(string? text, out RehearsalSource source, out string? error)
    {
        source = new RehearsalSource(Last: DefaultLast);
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var (kind, value) = text.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? (text[..colon], text[(colon + 1)..]) : (text, string.Empty);
        if (kind == "last" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var last) && last > 0)
        {
            source = new RehearsalSource(Last: last);
            return true;
        }
        if (kind == "since" && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
        {
            source = new RehearsalSource(Since: since);
            return true;
        }
        error = $"'{text}' is not an order selection; use last:N (e.g. last:1000) or since:DATE (e.g. since:2026-11-01).";
        return false;
    }
}

/// <summary>How one recorded order came out with the active version and with the candidate.</summary>
/// <param name="Case">The instance id, or <c>input[i]</c> for explicit inputs.</param>
/// <param name="CorrelationKey">The order id the instance was correlated by, when known.</param>
/// <param name="Before">The active version's result (null when the definition is not released yet).</param>
/// <param name="After">The candidate's result.</param>
/// <param name="Changes">What changed, e.g. <c>rule 'Vip': passed -> failed</c>, <c>output: {"carrier":"DHL"} -> {"carrier":"DPD"}</c>.</param>
public sealed record RehearsalCase(string Case, string? CorrelationKey, JsonObject? Before, JsonObject After, IReadOnlyList<string> Changes)
{
    /// <summary>The outcome values that differ (e.g. <c>discount</c> 0.00 -> 12.50, <c>role</c> none -> approver).</summary>
    public IReadOnlyList<RehearsalOutcome> Outcomes { get; init; } = [];

    /// <summary>The rules or table rows behind the change, e.g. <c>row 4 (spring15)</c> or <c>rule 'Limits/Small'</c>.</summary>
    public IReadOnlyList<string> Causes { get; init; } = [];
}

/// <summary>One outcome value of an order with the active version and with the candidate.</summary>
/// <param name="Before">The value with the active version (null when the definition is not released yet).</param>
public sealed record RehearsalOutcome(string Name, string? Before, string? After);

/// <summary>An amount summed over every replayed order, e.g. the discount given, before and after.</summary>
public sealed record RehearsalMeasure(string Name, string? Unit, decimal Before, decimal After);

/// <summary>How many changed orders a rule or table row is behind.</summary>
public sealed record RehearsalCause(string Cause, int Orders);

/// <summary>Before/after counts of one outcome (a rule succeeding, a table output being chosen, ...).</summary>
public sealed record RehearsalTotal(string Name, int Before, int After);

/// <summary>The result of a rehearsal: per order what changed, and totals before/after.</summary>
/// <param name="ActiveVersion">The version the candidate is compared with (null when not released yet).</param>
/// <param name="Cases">How many recorded orders were replayed.</param>
/// <param name="Changed">The orders whose result changed (the others are only counted).</param>
public sealed record RehearsalReport(
    string Kind, string Id, int? ActiveVersion, int Cases, IReadOnlyList<RehearsalCase> Changed, IReadOnlyList<RehearsalTotal> Totals, IReadOnlyList<string> Errors)
{
    public bool HasChanges => Changed.Count > 0;

    /// <summary>Amounts summed over every replayed order (from an <see cref="IRehearsalLens"/>), before and after.</summary>
    public IReadOnlyList<RehearsalMeasure> Measures { get; init; } = [];

    /// <summary>Per rule or table row, how many changed orders it is behind; most first.</summary>
    public IReadOnlyList<RehearsalCause> CauseCounts { get; init; } = [];
}
