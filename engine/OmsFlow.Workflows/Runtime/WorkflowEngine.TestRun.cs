using System.Text.Json.Nodes;
using OmsFlow.Persistence.Records;
using OmsFlow.Workflows.Definitions;

namespace OmsFlow.Workflows.Runtime;

/// <summary>The designer's test run: a draft executed in memory, touching no live data.</summary>
public sealed partial class WorkflowEngine
{
    /// <summary>
    /// Runs <paramref name="definition"/> in memory until it ends or every branch waits. Nothing is stored and no
    /// outbox message leaves; child workflows are not started (the step shows as waiting on them).
    /// </summary>
    public async Task<TestRunResult> TestRunAsync(WorkflowDefinition definition, JsonObject input, string? correlationKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var execution = InstanceExecution.Create(_services, definition, 0, "test-" + Guid.NewGuid().ToString("N")[..12], input, correlationKey);
        var journal = new List<JournalRecord>();
        var bookmarks = new List<BookmarkRecord>();
        var incidents = new List<IncidentRecord>();
        var messages = new List<OutboxRecord>();
        var guard = 0;
        do
        {
            await execution.RunAsync(cancellationToken).ConfigureAwait(false);
            var unit = execution.TakeUnit();
            journal.AddRange(unit.Journal);
            bookmarks.RemoveAll(b => unit.ConsumedBookmarks.Contains(b.Id) || unit.RemovedBookmarks.Contains(b.Id));
            bookmarks.AddRange(unit.AddedBookmarks);
            incidents.AddRange(unit.Incidents);
            messages.AddRange(unit.Outbox);
            execution.PendingChildren.Clear();
        }
        while (execution.FlushRequested && ++guard < 10_000);
        return new TestRunResult(InstanceOutcome.From(execution), execution.State.Variables.DeepClone().AsObject(), journal, bookmarks, incidents, messages);
    }
}

/// <summary>What a test run did: the outcome, variables, journal, where it waits, incidents and the messages it would send.</summary>
public sealed record TestRunResult(
    InstanceOutcome Outcome,
    JsonObject Variables,
    IReadOnlyList<JournalRecord> Journal,
    IReadOnlyList<BookmarkRecord> Bookmarks,
    IReadOnlyList<IncidentRecord> Incidents,
    IReadOnlyList<OutboxRecord> Messages);
