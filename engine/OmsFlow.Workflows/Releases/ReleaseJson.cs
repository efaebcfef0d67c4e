using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using OmsFlow.Workflows.Releases.Diff;
using OmsFlow.Workflows.Releases.Migration;
using OmsFlow.Workflows.Releases.Rehearse;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Releases;

/// <summary>
/// The JSON shapes of releases, diffs, rehearsals, migrations and validation results, shared by the server's
/// <c>/api/releases</c> endpoints and the CLI's local database mode so both answer alike.
/// </summary>
public static class ReleaseJson
{
    /// <summary>camelCase web defaults with enums as strings, as the server writes them.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Readable text for people: quotes and non-ASCII characters as they are, not <c>\u0022</c>.</summary>
    public static JsonSerializerOptions Readable { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One problem: code, message, severity, step, field, line, column, file.</summary>
    public static object Problem(DefinitionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new
        {
            code = problem.Code,
            message = problem.Message,
            severity = problem.Severity == ProblemSeverity.Error ? "error" : "warning",
            step = problem.Step,
            field = problem.Field,
            line = problem.Position?.Line,
            column = problem.Position?.Column,
            file = problem.File,
        };
    }

    /// <summary>A release with its state, the definitions it changed and (unless <paramref name="items"/> is false) its complete set.</summary>
    public static object Release(ReleaseInfo release, bool items = true, bool? created = null, IReadOnlyList<DefinitionProblem>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(release);
        return new
        {
            id = release.Id,
            state = StateText(release.State),
            note = release.Note,
            createdBy = release.CreatedBy,
            createdAt = release.CreatedAt,
            activateAt = release.ActivateAt,
            rollbackOf = release.RollbackOf,
            rolledBackBy = release.RolledBackBy,
            bundleHash = release.BundleHash,
            changed = release.Items.Where(i => i.Changed).Select(i => new { kind = i.Kind, id = i.Id, version = i.Version, hash = i.Hash }),
            items = items ? release.Items.Select(i => new { kind = i.Kind, id = i.Id, version = i.Version, hash = i.Hash, changed = i.Changed }) : null,
            created,
            problems = problems?.Select(Problem),
        };
    }

    /// <summary><c>{items: [...]}</c>: every release, newest first, without their complete sets.</summary>
    public static object Releases(IEnumerable<ReleaseInfo> releases) => new { items = releases.Select(r => Release(r, items: false)) };

    /// <summary>active, scheduled, superseded or rolled-back.</summary>
    public static string StateText(ReleaseState state) => state switch
    {
        ReleaseState.Active => "active",
        ReleaseState.Scheduled => "scheduled",
        ReleaseState.Superseded => "superseded",
        _ => "rolled-back",
    };

    /// <summary>Whether definition files are valid: <c>{valid, definitions: [{kind, id, hash}], problems}</c>.</summary>
    public static object Validation(IReadOnlyList<CanonicalDefinition> definitions, IReadOnlyList<DefinitionProblem> problems) => new
    {
        valid = !problems.Any(p => p.Severity == ProblemSeverity.Error),
        definitions = definitions.Select(d => new { kind = d.Kind, id = d.Id, hash = d.Hash }),
        problems = problems.Select(Problem),
    };

    /// <summary>A semantic diff, with its text rendering.</summary>
    public static object Diff(ReleaseDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return new
        {
            from = diff.From,
            to = diff.To,
            hasDifferences = diff.HasDifferences,
            definitions = diff.Definitions.Select(d => new
            {
                kind = d.Kind,
                id = d.Id,
                change = Word(d.Change),
                fromVersion = d.FromVersion,
                toVersion = d.ToVersion,
                changes = d.Changes.Select(c => new { change = Word(c.Kind), subject = c.Subject, field = c.Field, before = c.Before, after = c.After, lines = c.Lines }),
            }),
            text = diff.ToText(),
        };
    }

    /// <summary>A rehearsal: counts, the orders whose outcome changed (with before/after), totals and errors.</summary>
    public static object Rehearsal(RehearsalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new
        {
            kind = report.Kind,
            id = report.Id,
            activeVersion = report.ActiveVersion,
            cases = report.Cases,
            changedCount = report.Changed.Count,
            hasChanges = report.HasChanges,
            changed = report.Changed.Select(c => new
            {
                @case = c.Case,
                correlationKey = c.CorrelationKey,
                changes = c.Changes,
                before = c.Before,
                after = c.After,
                outcomes = c.Outcomes.Select(o => new { name = o.Name, before = o.Before, after = o.After }),
                causes = c.Causes,
            }),
            totals = report.Totals.Select(t => new { name = t.Name, before = t.Before, after = t.After }),
            measures = report.Measures.Select(m => new { name = m.Name, unit = m.Unit, before = m.Before, after = m.After }),
            causes = report.CauseCounts.Select(c => new { cause = c.Cause, orders = c.Orders }),
            errors = report.Errors,
        };
    }

    /// <summary>A migration or its dry run: every selected instance, whether it can move and why not.</summary>
    public static object Migration(MigrationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new
        {
            to = report.To,
            dryRun = report.DryRun,
            moved = report.Moved,
            movable = report.Instances.Count(i => i.CanMove),
            blocked = report.Blocked,
            instances = report.Instances.Select(i => new
            {
                id = i.InstanceId,
                workflowId = i.WorkflowId,
                fromRelease = i.FromRelease,
                fromVersion = i.FromVersion,
                toVersion = i.ToVersion,
                canMove = i.CanMove,
                reasons = i.Reasons,
            }),
        };
    }

    /// <summary>Why nothing was released, naming the first error.</summary>
    public static string NotReleased(IReadOnlyList<DefinitionProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var errors = problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        return errors.Count switch
        {
            0 => "Nothing was released.",
            1 => $"Nothing was released: {errors[0]}",
            _ => $"Nothing was released: {errors.Count} problems, the first: {errors[0]}",
        };
    }

    private static string Word(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => "added",
        ChangeKind.Removed => "removed",
        _ => "changed",
    };
}
