using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Scheduling;

namespace OmsFlow.Workflows.Runtime;

/// <summary>
/// Cron and interval triggers, and named events. A schedule is a due-dated bookmark row: the timer loop fires it,
/// and the same commit consumes it, starts the instance and books the next occurrence, so each occurrence starts
/// one instance even across restarts and processes. Occurrences missed during an outage fire once on start.
/// </summary>
public sealed partial class WorkflowEngine
{
    private const string ScheduleKind = "schedule";
    private const string ScheduleOwner = "schedules";

    /// <summary>Makes the schedule rows match the published workflows' cron and interval triggers.</summary>
    public async Task SyncSchedulesAsync(CancellationToken cancellationToken = default)
    {
        var desired = new Dictionary<string, (WorkflowDefinitionVersion Workflow, TriggerDefinition Trigger)>(StringComparer.Ordinal);
        foreach (var published in await _services.Catalog.ListPublishedAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var trigger in published.Definition.Triggers.Where(t => t.Kind is TriggerKind.Cron or TriggerKind.Timer))
            {
                desired[ScheduleId(published.Definition.Id, trigger)] = (published, trigger);
            }
        }
        List<BookmarkRecord> existing;
        await using (var context = _services.Storage.CreateContext())
        {
            existing = await context.Bookmarks.AsNoTracking().Where(b => b.Kind == ScheduleKind).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        var unit = new CommitUnit();
        unit.RemovedBookmarks.AddRange(existing.Where(b => !desired.ContainsKey(b.Id)).Select(b => b.Id));
        var now = _services.Clock.GetUtcNow();
        foreach (var (id, (workflow, trigger)) in desired)
        {
            if (existing.Exists(b => b.Id == id))
            {
                continue;
            }
            if (ScheduleRow(id, workflow.Definition.Id, trigger, now) is { } row)
            {
                unit.AddedBookmarks.Add(row);
            }
        }
        if (unit.AddedBookmarks.Count > 0 || unit.RemovedBookmarks.Count > 0)
        {
            await _services.Storage.Writer.CommitAsync(unit).ConfigureAwait(false);
            _timerWake.Release();
        }
    }

    /// <summary>Starts every published workflow that has an event trigger for <paramref name="eventName"/>.</summary>
    public Task<IReadOnlyList<InstanceOutcome>> PublishEventAsync(string eventName, JsonObject payload, CancellationToken cancellationToken = default)
        => PublishEventAsync(eventName, payload, null, cancellationToken);

    /// <summary>
    /// Starts every published workflow that has an event trigger for <paramref name="eventName"/>, recording
    /// <paramref name="startedBy"/> (the calling API key's id) on each instance.
    /// </summary>
    public async Task<IReadOnlyList<InstanceOutcome>> PublishEventAsync(string eventName, JsonObject payload, string? startedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var started = new List<InstanceOutcome>();
        foreach (var published in await _services.Catalog.ListPublishedAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var trigger in published.Definition.Triggers.Where(t => t.Kind == TriggerKind.Event && string.Equals(t.Event, eventName, StringComparison.Ordinal)))
            {
                var correlation = trigger.Correlation is { } expression
                    ? _services.Expressions.Evaluate(expression, new Dictionary<string, JsonNode?> { ["input"] = payload, ["event"] = payload })?.ToString()
                    : null;
                var input = (JsonObject)payload.DeepClone();
                started.Add(await StartAsync(published.Definition.Id, input, new StartOptions { CorrelationKey = correlation, Version = published.Version, RunInline = false, StartedBy = startedBy }, cancellationToken)
                    .ConfigureAwait(false));
            }
        }
        return started;
    }

    private async Task<bool> FireScheduleAsync(BookmarkRecord schedule, CancellationToken cancellationToken)
    {
        WorkflowDefinitionVersion published;
        int? release;
        try
        {
            (published, release) = await _services.Catalog.GetForStartAsync(schedule.Name, null, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowNotFoundException)
        {
            var orphan = new CommitUnit();
            orphan.RemovedBookmarks.Add(schedule.Id);
            await _services.Storage.Writer.CommitAsync(orphan).ConfigureAwait(false);
            return false;
        }
        var trigger = published.Definition.Triggers.FirstOrDefault(t => ScheduleId(published.Definition.Id, t) == schedule.Id);
        var now = _services.Clock.GetUtcNow();
        var input = new JsonObject { ["firedAt"] = now.ToString("O"), ["scheduledFor"] = DateTimeOffset.FromUnixTimeMilliseconds(schedule.DueAt ?? 0).ToString("O") };
        var id = Guid.CreateVersion7().ToString("N");
        var execution = InstanceExecution.Create(_services, published.Definition, published.Version, id, input, null);
        PinRelease(execution.State, release);
        var unit = execution.TakeUnit();
        unit.ConsumedBookmarks.Add(schedule.Id);
        if (trigger is not null && ScheduleRow(schedule.Id, published.Definition.Id, trigger, now) is { } next)
        {
            unit.AddedBookmarks.Add(next);
        }
        try
        {
            await _services.Storage.Writer.CommitAsync(unit).ConfigureAwait(false);
        }
        catch (CommitConflictException)
        {
            return false;
        }
        Metrics.RecordCommitted(execution, []);
        _runnable.Writer.TryWrite(id);
        return true;
    }

    private BookmarkRecord? ScheduleRow(string id, string workflowId, TriggerDefinition trigger, DateTimeOffset after)
    {
        DateTimeOffset? due = trigger.Kind switch
        {
            TriggerKind.Timer when trigger.Every is { } every && every > TimeSpan.Zero => after + every,
            TriggerKind.Cron when trigger.Cron is { } text && CronExpression.TryParse(text, out var cron) => cron.GetNextOccurrence(after, TimeZoneInfo.Utc),
            _ => null,
        };
        return due is null ? null : new BookmarkRecord
        {
            Id = id,
            InstanceId = ScheduleOwner,
            TokenId = "-",
            Step = "-",
            Kind = ScheduleKind,
            Name = workflowId,
            DueAt = due.Value.ToUnixTimeMilliseconds(),
            Payload = new JsonObject { ["cron"] = trigger.Cron, ["every"] = trigger.Every?.ToString() }.ToJsonString(),
            CreatedAt = _services.NowMs,
        };
    }

    /// <summary>Stable per workflow and trigger text, so republishing the same schedule keeps its next occurrence.</summary>
    private static string ScheduleId(string workflowId, TriggerDefinition trigger)
        => $"schedule:{workflowId}:{DefinitionCatalog.Hash(trigger.Cron ?? trigger.Every?.ToString() ?? string.Empty)[..12]}";
}
