using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Workflows.Releases.Migration;

/// <summary>Which running instances to move, and to which release.</summary>
/// <param name="To">The release to move them to.</param>
/// <param name="From">Only instances started on (or last migrated to) this release; null for any.</param>
/// <param name="InstanceIds">These instances; null to select by <paramref name="WorkflowId"/>.</param>
/// <param name="WorkflowId">Every unfinished instance of this workflow (when <paramref name="InstanceIds"/> is null).</param>
public sealed record MigrationRequest(int To, int? From = null, IReadOnlyList<string>? InstanceIds = null, string? WorkflowId = null);

/// <summary>Whether one instance can move, and why not.</summary>
public sealed record MigrationCandidate(
    string InstanceId, string WorkflowId, int? FromRelease, int FromVersion, int? ToVersion, bool CanMove, IReadOnlyList<string> Reasons);

/// <summary>The outcome of a migration (or its dry run): every selected instance, and how many moved.</summary>
public sealed record MigrationReport(int To, bool DryRun, IReadOnlyList<MigrationCandidate> Instances, int Moved)
{
    public int Blocked => Instances.Count(i => !i.CanMove);
}

/// <summary>
/// Moves chosen unfinished instances to a newer release explicitly. An instance can move when every step it is at
/// (its tokens and open scopes) still exists in the target release's version of its workflow with the same activity.
/// Each instance moves in its own commit: its workflow version and pins are rewritten and its journal records a
/// <c>migrated</c> entry; an instance that changed meanwhile is reported, not overwritten.
/// </summary>
public sealed class InstanceMigrator(OmsFlowStorage storage, DefinitionCatalog catalog, TimeProvider clock)
{
    /// <summary>Journal entry kind a migration writes.</summary>
    public const string JournalKind = "migrated";

    private static readonly string[] Unfinished = [nameof(InstanceStatus.Running), nameof(InstanceStatus.Suspended), nameof(InstanceStatus.Faulted)];

    /// <summary>Checks (and unless <paramref name="dryRun"/>, moves) the instances <paramref name="request"/> selects.</summary>
    /// <exception cref="ReleaseException">The target release does not exist, or the request selects nothing.</exception>
    public Task<MigrationReport> MigrateAsync(MigrationRequest request, bool dryRun, CancellationToken cancellationToken = default)
        => MigrateAsync(request, dryRun, null, cancellationToken);

    /// <summary>Checks (and unless <paramref name="dryRun"/>, moves) the instances <paramref name="request"/> selects, reporting each one done.</summary>
    /// <exception cref="ReleaseException">The target release does not exist, or the request selects nothing.</exception>
    public async Task<MigrationReport> MigrateAsync(MigrationRequest request, bool dryRun, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.InstanceIds is null && request.WorkflowId is null)
        {
            throw new ReleaseException("Say which instances to migrate: instanceIds, or a workflowId for all its unfinished instances.");
        }
        ReleaseSet target;
        try
        {
            target = await catalog.GetReleaseSetAsync(request.To, cancellationToken).ConfigureAwait(false);
        }
        catch (DefinitionNotFoundException ex)
        {
            throw new ReleaseException(ex.Message + " List releases to pick one.", ex);
        }
        await using (var context = storage.CreateContext())
        {
            var release = await context.Releases.AsNoTracking().FirstAsync(r => r.Id == request.To, cancellationToken).ConfigureAwait(false);
            if (release.RolledBackBy is { } rollback)
            {
                throw new ReleaseException($"Release {request.To} was rolled back by release {rollback}; migrate to a release that is in use.");
            }
            if (release.ActivateAt > clock.GetUtcNow().ToUnixTimeMilliseconds())
            {
                throw new ReleaseException($"Release {request.To} activates at {DateTimeOffset.FromUnixTimeMilliseconds(release.ActivateAt):u}; migrate instances to it once it is active.");
            }
        }
        var records = await SelectAsync(request, cancellationToken).ConfigureAwait(false);
        var candidates = new List<MigrationCandidate>();
        var moved = 0;
        var done = 0;
        foreach (var record in records)
        {
            progress?.Report((done++, records.Count));
            var state = JsonSerializer.Deserialize<InstanceState>(record.State, InstanceExecution.StateJson) ?? new InstanceState();
            int? release = state.Pins.TryGetValue(InstanceState.ReleasePin, out var pinned) ? pinned : null;
            if (request.From is { } from && release != from)
            {
                continue;
            }
            var (toVersion, reasons) = await CheckAsync(record, state, release, target, cancellationToken).ConfigureAwait(false);
            var candidate = new MigrationCandidate(record.Id, record.WorkflowId, release, record.Version, toVersion, reasons.Count == 0, reasons);
            if (candidate.CanMove && !dryRun)
            {
                if (await MoveAsync(record, state, release, toVersion!.Value, target, cancellationToken).ConfigureAwait(false))
                {
                    moved++;
                }
                else
                {
                    candidate = candidate with { CanMove = false, Reasons = ["the instance changed while it was being migrated; run the migration again"] };
                }
            }
            candidates.Add(candidate);
        }
        progress?.Report((records.Count, records.Count));
        return new MigrationReport(request.To, dryRun, candidates, moved);
    }

    private async Task<List<InstanceRecord>> SelectAsync(MigrationRequest request, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var query = context.Instances.AsNoTracking();
        if (request.InstanceIds is { } ids)
        {
            var list = ids.ToList();
            var found = await query.Where(i => list.Contains(i.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
            var missing = list.Except(found.Select(f => f.Id), StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                throw new ReleaseException($"No instance {string.Join(", ", missing.Select(m => $"'{m}'"))}; check the ids.");
            }
            return [.. found.OrderBy(f => f.CreatedAt)];
        }
        return await query.Where(i => i.WorkflowId == request.WorkflowId && Unfinished.Contains(i.Status)).OrderBy(i => i.CreatedAt)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<(int? Version, List<string> Reasons)> CheckAsync(
        InstanceRecord record, InstanceState state, int? release, ReleaseSet target, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        if (!Unfinished.Contains(record.Status) || state.Tokens.Count == 0)
        {
            reasons.Add($"the instance has ended ({record.Status})");
            return (null, reasons);
        }
        if (release == target.ReleaseId)
        {
            reasons.Add($"the instance is already on release {target.ReleaseId}");
            return (null, reasons);
        }
        if (target.VersionOf(DefinitionCatalog.WorkflowKind, record.WorkflowId) is not { } version)
        {
            reasons.Add($"release {target.ReleaseId} has no workflow '{record.WorkflowId}'");
            return (null, reasons);
        }
        var current = await catalog.GetVersionAsync(record.WorkflowId, record.Version, cancellationToken).ConfigureAwait(false);
        var next = await catalog.GetVersionAsync(record.WorkflowId, version, cancellationToken).ConfigureAwait(false);
        foreach (var step in state.Tokens.Select(t => t.Step).Concat(state.Scopes.Select(s => s.Step)).Distinct(StringComparer.Ordinal))
        {
            CheckStep(step, current, next, version, reasons);
        }
        return (version, reasons);
    }

    private static void CheckStep(string name, WorkflowDefinition current, WorkflowDefinition next, int version, List<string> reasons)
    {
        var now = current.FindStep(name);
        var then = next.FindStep(name);
        if (then is null)
        {
            reasons.Add($"step '{name}', where the instance is, does not exist in version {version}");
        }
        else if (now is not null && !string.Equals(now.Activity, then.Activity, StringComparison.Ordinal))
        {
            reasons.Add($"step '{name}', where the instance is, changes activity from {now.Activity} to {then.Activity} in version {version}");
        }
    }

    private async Task<bool> MoveAsync(InstanceRecord record, InstanceState state, int? fromRelease, int toVersion, ReleaseSet target, CancellationToken cancellationToken)
    {
        foreach (var key in state.Pins.Keys.Where(k => k != InstanceState.ReleasePin).ToList())
        {
            if (target.Versions.TryGetValue(key, out var version))
            {
                state.Pins[key] = version;
            }
            else
            {
                state.Pins.Remove(key);
            }
        }
        state.Pins[InstanceState.ReleasePin] = target.ReleaseId!.Value;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var entry = new JournalRecord
        {
            InstanceId = record.Id,
            Seq = state.NextJournalSeq++,
            Timestamp = now,
            Kind = JournalKind,
            Data = new JsonObject
            {
                ["fromRelease"] = fromRelease,
                ["toRelease"] = target.ReleaseId,
                ["fromVersion"] = record.Version,
                ["toVersion"] = toVersion,
            }.ToJsonString(),
        };
        var json = JsonSerializer.Serialize(state, InstanceExecution.StateJson);
        await using var context = storage.CreateContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var updated = await context.Instances.Where(i => i.Id == record.Id && i.Revision == record.Revision)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Version, toVersion).SetProperty(i => i.State, json)
                .SetProperty(i => i.Revision, record.Revision + 1).SetProperty(i => i.UpdatedAt, now), cancellationToken).ConfigureAwait(false);
        if (updated == 0)
        {
            return false;
        }
        context.Journal.Add(entry);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
