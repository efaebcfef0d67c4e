using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Storage;
using OmsFlow.Rules.Execution;
using OmsFlow.Rules.Tables;
using OmsFlow.Workflows.Activities.Rules;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Releases.Rehearse;

/// <summary>
/// What-if: runs a candidate rule set or decision table against recorded orders beside the active version and
/// reports what would change. The recorded inputs are those the RunRules / Decide steps of past instances were
/// evaluated with (from their journal), so the candidate sees exactly what the active version saw. Read-only.
/// </summary>
public sealed class Rehearsal(OmsFlowStorage storage, DefinitionCatalog catalog)
{
    private const string RunRulesActivity = "RunRules";
    private const string DecideActivity = "Decide";

    /// <summary>Replays <paramref name="source"/> through the active version and <paramref name="candidate"/>.</summary>
    /// <exception cref="ReleaseException">The candidate is not a rule set or decision table.</exception>
    public async Task<RehearsalReport> RunAsync(CanonicalDefinition candidate, RehearsalSource source, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(source);
        if (candidate.Kind is not (RuleSetKind.KindName or DecisionTableKind.KindName))
        {
            throw new ReleaseException($"Only rule sets and decision tables can be rehearsed; '{candidate.Id}' is a {candidate.Kind}.");
        }
        var activeVersion = await catalog.GetPublishedVersionAsync(candidate.Kind, candidate.Id, cancellationToken).ConfigureAwait(false);
        var activeContent = activeVersion is { } v ? await catalog.GetContentAsync(candidate.Kind, candidate.Id, v, cancellationToken).ConfigureAwait(false) : null;
        var cases = source.Inputs is { } inputs
            ? [.. inputs.Select((input, i) => new Recorded($"input[{i}]", null, input))]
            : await RecordedAsync(candidate, source, cancellationToken).ConfigureAwait(false);
        Replay replay = candidate.Kind == RuleSetKind.KindName
            ? RuleReplay.Create(candidate, activeVersion, activeContent)
            : TableReplay.Create(candidate, activeVersion, activeContent);
        var changed = new List<RehearsalCase>();
        var errors = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var recorded = cases[i];
            try
            {
                if (replay.Run(recorded) is { Changes.Count: > 0 } result)
                {
                    changed.Add(result);
                }
            }
            catch (Exception ex) when (ex is RuleEvaluationException or DecisionTableException or InvalidOperationException or ArgumentException)
            {
                errors.Add($"{recorded.Case}: {ex.Message}");
            }
            progress?.Report((i + 1, cases.Count));
        }
        return new RehearsalReport(candidate.Kind, candidate.Id, activeVersion, cases.Count, changed, replay.Totals(), errors);
    }

    private async Task<List<Recorded>> RecordedAsync(CanonicalDefinition candidate, RehearsalSource source, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var instances = context.Instances.AsNoTracking();
        if (source.WorkflowId is { } workflow)
        {
            instances = instances.Where(i => i.WorkflowId == workflow);
        }
        if (source.Since is { } since)
        {
            var from = since.ToUnixTimeMilliseconds();
            instances = instances.Where(i => i.CreatedAt >= from);
        }
        var selected = await instances.OrderByDescending(i => i.CreatedAt).Take(source.Last ?? int.MaxValue)
            .Select(i => new { i.Id, i.CorrelationKey }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var activity = candidate.Kind == RuleSetKind.KindName ? RunRulesActivity : DecideActivity;
        var idField = candidate.Kind == RuleSetKind.KindName ? "ruleSet" : "table";
        var recorded = new List<Recorded>();
        // Chunks keep each query's parameter list small whatever N is.
        foreach (var chunk in selected.Chunk(500))
        {
            var ids = chunk.Select(c => c.Id).ToList();
            var keys = chunk.ToDictionary(c => c.Id, c => c.CorrelationKey, StringComparer.Ordinal);
            var entries = await context.Journal.AsNoTracking()
                .Where(j => ids.Contains(j.InstanceId) && j.Kind == "completed" && j.Activity == activity)
                .OrderBy(j => j.InstanceId).ThenBy(j => j.Seq)
                .Select(j => new { j.InstanceId, j.Step, j.Data }).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                if (JsonNode.Parse(entry.Data ?? "{}")?["input"] is JsonObject input && input[idField]?.ToString() == candidate.Id)
                {
                    recorded.Add(new Recorded(entry.InstanceId + (entries.Count(e => e.InstanceId == entry.InstanceId) > 1 ? $"/{entry.Step}" : string.Empty),
                        keys[entry.InstanceId], input));
                }
            }
        }
        if (candidate.Kind == DecisionTableKind.KindName && ReadsOrders(candidate))
        {
            recorded.AddRange(await RecordedOrdersAsync(source, cancellationToken).ConfigureAwait(false));
        }
        return recorded;
    }

    /// <summary>
    /// Whether the table's input columns read the order (<c>order.*</c>), as the OMS activities consult promotions,
    /// sourcing rules and approval policy from inside their steps: then the recorded orders themselves are its inputs.
    /// </summary>
    private static bool ReadsOrders(CanonicalDefinition candidate)
    {
        var table = DecisionTableKind.Load(candidate.Id, 0, candidate.Canonical);
        return table.Inputs.Count > 0 && table.Inputs.All(i => i.Expression.TrimStart().StartsWith("order.", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The last N (or since a date) orders as they stand, each as the table input <c>{order}</c>.</summary>
    private async Task<List<Recorded>> RecordedOrdersAsync(RehearsalSource source, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var orders = context.Orders.AsNoTracking();
        if (source.Since is { } since)
        {
            var from = since.ToUnixTimeMilliseconds();
            orders = orders.Where(o => o.CreatedAt >= from);
        }
        var rows = await orders.OrderByDescending(o => o.CreatedAt).Take(source.Last ?? int.MaxValue).Select(o => new { o.Id, o.Document })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(o => new Recorded("order " + o.Id, o.Id, new JsonObject { ["input"] = new JsonObject { ["order"] = JsonNode.Parse(o.Document) } }))];
    }

    /// <summary>One recorded evaluation: the step inputs (RunRules: ruleSet, workflow, inputs, mode; Decide: table, input) or explicit inputs.</summary>
    internal sealed record Recorded(string Case, string? CorrelationKey, JsonObject Input);

    internal abstract class Replay
    {
        private readonly Dictionary<string, (int Before, int After)> _totals = new(StringComparer.Ordinal);

        public abstract RehearsalCase? Run(Recorded recorded);

        public IReadOnlyList<RehearsalTotal> Totals() => [.. _totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new RehearsalTotal(t.Key, t.Value.Before, t.Value.After))];

        protected void Count(string name, bool before, bool after)
        {
            var (b, a) = _totals.GetValueOrDefault(name);
            _totals[name] = (b + (before ? 1 : 0), a + (after ? 1 : 0));
        }
    }

    private sealed class RuleReplay(RuleSet candidate, RuleSet? active) : Replay
    {
        public static RuleReplay Create(CanonicalDefinition candidate, int? version, string? content)
            => new(RuleSetKind.Load(candidate.Id, 0, candidate.Canonical), content is null ? null : RuleSetKind.Load(candidate.Id, version!.Value, content));

        public override RehearsalCase? Run(Recorded recorded)
        {
            var input = recorded.Input;
            var parameters = input["inputs"] as JsonObject ?? input;
            var workflow = input["workflow"]?.ToString() ?? candidate.Workflows.First().WorkflowName;
            var mode = Enum.TryParse<EvaluationMode>(input["mode"]?.ToString(), ignoreCase: true, out var m) ? m : EvaluationMode.All;
            var after = Evaluate(candidate, workflow, mode, parameters);
            var before = active is not null && active.HasWorkflow(workflow) ? Evaluate(active, workflow, mode, parameters) : null;
            var changes = new List<string>();
            foreach (var rule in before?.Rules.Keys.Union(after.Rules.Keys, StringComparer.Ordinal) ?? after.Rules.Keys)
            {
                bool? was = before?.Rules.TryGetValue(rule, out var b) == true ? b : null;
                bool? now = after.Rules.TryGetValue(rule, out var a) ? a : null;
                Count($"rule '{rule}' succeeded", was == true, now == true);
                if (was != now)
                {
                    changes.Add($"rule '{rule}': {Word(was)} -> {Word(now)}");
                }
            }
            foreach (var successEvent in (before?.Events ?? []).Union(after.Events, StringComparer.Ordinal))
            {
                Count($"success event '{successEvent}'", before?.Events.Contains(successEvent) == true, after.Events.Contains(successEvent));
            }
            var eventsBefore = string.Join(", ", before?.Events ?? []);
            var eventsAfter = string.Join(", ", after.Events);
            if (before is not null && eventsBefore != eventsAfter)
            {
                changes.Add($"success events: [{eventsBefore}] -> [{eventsAfter}]");
            }
            return new RehearsalCase(recorded.Case, recorded.CorrelationKey, before?.Json, after.Json, changes);
        }

        private static string Word(bool? success) => success switch { true => "passed", false => "failed", null => "absent" };

        private sealed record Outcome(Dictionary<string, bool> Rules, List<string> Events, JsonObject Json);

        private static Outcome Evaluate(RuleSet rules, string workflow, EvaluationMode mode, JsonObject parameters)
        {
            var results = rules.Execute(workflow, mode, [.. parameters.Select(p => new RuleParameter(p.Key, p.Value?.DeepClone()))]);
            var outcome = results.ToDictionary(r => r.Rule.RuleName, r => r.IsSuccess, StringComparer.Ordinal);
            var events = RuleResultSummary.SuccessEvents(results).Select(e => e?.ToString() ?? string.Empty).ToList();
            return new Outcome(outcome, events, new JsonObject
            {
                ["rules"] = new JsonObject(outcome.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
                ["successEvents"] = new JsonArray([.. events.Select(e => (JsonNode?)e)]),
            });
        }
    }

    private sealed class TableReplay(DecisionTable candidate, DecisionTable? active) : Replay
    {
        public static TableReplay Create(CanonicalDefinition candidate, int? version, string? content)
            => new(DecisionTableKind.Load(candidate.Id, 0, candidate.Canonical), content is null ? null : DecisionTableKind.Load(candidate.Id, version!.Value, content));

        public override RehearsalCase? Run(Recorded recorded)
        {
            var input = recorded.Input["input"] as JsonObject ?? recorded.Input;
            var after = Evaluate(candidate, input);
            var before = active is null ? null : Evaluate(active, input);
            Count($"output {after.Output}", false, true);
            if (before is not null)
            {
                Count($"output {before.Output}", true, false);
            }
            var changes = new List<string>();
            if (before is not null && before.Output != after.Output)
            {
                changes.Add($"output: {before.Output} -> {after.Output}");
            }
            if (before is not null && before.Rows != after.Rows)
            {
                changes.Add($"rows: [{before.Rows}] -> [{after.Rows}]");
            }
            return new RehearsalCase(recorded.Case, recorded.CorrelationKey, before?.Json, after.Json, changes);
        }

        private sealed record Outcome(string Output, string Rows, JsonObject Json);

        private static Outcome Evaluate(DecisionTable table, JsonObject input)
        {
            var result = table.Evaluate((JsonObject)input.DeepClone());
            var output = result.Matched ? result.Output?.ToJsonString() ?? "null" : "no match";
            var rows = string.Join(", ", result.MatchedRows.Select(r => r + 1));
            return new Outcome(output, rows, new JsonObject
            {
                ["matchedRows"] = new JsonArray([.. result.MatchedRows.Select(r => (JsonNode?)(r + 1))]),
                ["output"] = result.Output?.DeepClone(),
            });
        }
    }
}
