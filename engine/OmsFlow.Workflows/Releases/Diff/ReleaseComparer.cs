using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Workflows.Releases.Diff;

/// <summary>Semantic diffs between two releases, or between candidate definitions (files not yet released) and a release.</summary>
public sealed class ReleaseComparer(OmsFlowStorage storage, TimeProvider clock)
{
    /// <summary>Every definition added, removed or changed from release <paramref name="from"/> to release <paramref name="to"/>.</summary>
    /// <exception cref="ReleaseException">A release does not exist.</exception>
    public async Task<ReleaseDiff> CompareAsync(int from, int to, CancellationToken cancellationToken = default)
    {
        var before = await ContentsAsync(from, cancellationToken).ConfigureAwait(false);
        var after = await ContentsAsync(to, cancellationToken).ConfigureAwait(false);
        var definitions = new List<DefinitionDiff>();
        foreach (var key in before.Keys.Union(after.Keys).OrderBy(k => k.Kind, StringComparer.Ordinal).ThenBy(k => k.Id, StringComparer.Ordinal))
        {
            var diff = Compare(key.Kind, key.Id, before.GetValueOrDefault(key), after.GetValueOrDefault(key));
            if (diff is not null)
            {
                definitions.Add(diff);
            }
        }
        return new ReleaseDiff($"release {from}", $"release {to}", definitions);
    }

    /// <summary>
    /// How releasing <paramref name="candidate"/> would change release <paramref name="against"/> (the active one when
    /// null): definitions the candidate does not contain are carried over by a release, so they are not reported.
    /// </summary>
    /// <exception cref="ReleaseException">The release does not exist, or none is active.</exception>
    public async Task<ReleaseDiff> CompareAsync(int? against, IReadOnlyList<CanonicalDefinition> candidate, string candidateName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var release = against ?? await ActiveIdAsync(cancellationToken).ConfigureAwait(false);
        var before = release is { } id ? await ContentsAsync(id, cancellationToken).ConfigureAwait(false) : [];
        var definitions = new List<DefinitionDiff>();
        foreach (var definition in candidate.OrderBy(d => d.Kind, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal))
        {
            var diff = Compare(definition.Kind, definition.Id, before.GetValueOrDefault((definition.Kind, definition.Id)), (null, definition.Canonical));
            if (diff is not null)
            {
                definitions.Add(diff);
            }
        }
        return new ReleaseDiff(release is { } r ? $"release {r}" : "nothing released", candidateName, definitions);
    }

    private static DefinitionDiff? Compare(string kind, string id, (int? Version, string Content)? before, (int? Version, string Content)? after)
    {
        switch (before, after)
        {
            case (null, { } added):
                return new DefinitionDiff(kind, id, ChangeKind.Added, null, added.Version, []);
            case ({ } removed, null):
                return new DefinitionDiff(kind, id, ChangeKind.Removed, removed.Version, null, []);
            case ({ } a, { } b):
                var changes = DefinitionDiffer.Compare(kind, a.Content, b.Content);
                return changes.Count == 0 && string.Equals(a.Content, b.Content, StringComparison.Ordinal)
                    ? null
                    : new DefinitionDiff(kind, id, ChangeKind.Changed, a.Version, b.Version, changes);
            default:
                return null;
        }
    }

    private async Task<int?> ActiveIdAsync(CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        return (await ReleaseWriter.ActiveAsync(context, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false))?.Id;
    }

    private async Task<Dictionary<(string Kind, string Id), (int? Version, string Content)?>> ContentsAsync(int releaseId, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        if (!await context.Releases.AnyAsync(r => r.Id == releaseId, cancellationToken).ConfigureAwait(false))
        {
            throw new ReleaseException($"Release {releaseId} does not exist; list releases to pick one.");
        }
        var rows = await (from i in context.ReleaseItems.AsNoTracking()
                          join v in context.DefinitionVersions.AsNoTracking() on new { i.Kind, Id = i.DefinitionId, i.Version } equals new { v.Kind, v.Id, v.Version }
                          where i.ReleaseId == releaseId
                          select new { i.Kind, i.DefinitionId, i.Version, v.Content })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => (r.Kind, r.DefinitionId), r => ((int? Version, string Content)?)(r.Version, r.Content));
    }
}
