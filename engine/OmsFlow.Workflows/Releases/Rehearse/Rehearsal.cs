using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Storage;
using OmsFlow.Rules.Execution;
using OmsFlow.Rules.Tables;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Releases.Rehearse;

/// <summary>
/// What-if: runs a candidate rule set or decision table against recorded orders beside the active version and
/// reports what would change. The recorded inputs are those the RunRules / Decide steps of past instances were
/// evaluated with (from their journal), so the candidate sees exactly what the active version saw. Read-only.
/// </summary>
public sealed partial class Rehearsal
{
    private const string RunRulesActivity = "RunRules";
    private const string DecideActivity = "Decide";

    private readonly OmsFlowStorage _storage;
    private readonly DefinitionCatalog _catalog;
    private readonly IReadOnlyList<IRehearsalLens> _lenses;

    /// <summary>A rehearsal that compares decision tables by their raw outputs.</summary>
    public Rehearsal(OmsFlowStorage storage, DefinitionCatalog catalog)
        : this(storage, catalog, [])
    {
    }

    /// <summary>A rehearsal that reads the outcomes of the tables <paramref name="lenses"/> know (see <see cref="IRehearsalLens"/>).</summary>
    public Rehearsal(OmsFlowStorage storage, DefinitionCatalog catalog, IEnumerable<IRehearsalLens> lenses)
    {
        _storage = storage;
        _catalog = catalog;
        _lenses = [.. lenses];
    }

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
        var activeVersion = await _catalog.GetPublishedVersionAsync(candidate.Kind, candidate.Id, cancellationToken).ConfigureAwait(false);
        var activeContent = activeVersion is { } v ? await _catalog.GetContentAsync(candidate.Kind, candidate.Id, v, cancellationToken).ConfigureAwait(false) : null;
        var cases = source.Inputs is { } inputs
            ? [.. inputs.Select((input, i) => new Recorded($"input[{i}]", null, input))]
            : await RecordedAsync(candidate, source, cancellationToken).ConfigureAwait(false);
        Replay replay = candidate.Kind == RuleSetKind.KindName
            ? RuleReplay.Create(candidate, activeVersion, activeContent)
            : TableReplay.Create(candidate, activeVersion, activeContent, _lenses.FirstOrDefault(l => l.Reads(candidate.Id)));
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
            catch (Exception ex) when (ex is RuleEvaluationException or DecisionTableException or InvalidOperationException or ArgumentException
                or FormatException or System.Text.Json.JsonException)
            {
                errors.Add($"{recorded.Case}: {ex.Message}");
            }
            progress?.Report((i + 1, cases.Count));
        }
        return new RehearsalReport(candidate.Kind, candidate.Id, activeVersion, cases.Count, changed, replay.Totals(), errors)
        {
            Measures = replay.Measures(),
            CauseCounts = [.. changed.SelectMany(c => c.Causes).CountBy(c => c, StringComparer.Ordinal)
                .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new RehearsalCause(c.Key, c.Value))],
        };
    }

    private async Task<List<Recorded>> RecordedAsync(CanonicalDefinition candidate, RehearsalSource source, CancellationToken cancellationToken)
    {
        await using var context = _storage.CreateContext();
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
        await using var context = _storage.CreateContext();
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
}
