using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence;
using OmsFlow.Persistence.Records;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Workflows.Releases;

/// <summary>A validated definition, in canonical form, to release.</summary>
public sealed record CanonicalDefinition(string Kind, string Id, string? Name, string? Description, string Canonical)
{
    /// <summary>SHA-256 of <see cref="Canonical"/>.</summary>
    public string Hash { get; } = DefinitionCatalog.Hash(Canonical);
}

/// <summary>What a release write did.</summary>
/// <param name="Release">The release created, or the existing one when nothing changed or the bundle was already imported.</param>
/// <param name="Created">False when nothing was written.</param>
/// <param name="Versions">The version each released definition resolves to, by <c>kind:id</c>.</param>
internal sealed record ReleaseWrite(ReleaseRecord? Release, bool Created, IReadOnlyDictionary<string, int> Versions);

/// <summary>
/// Writes releases inside one transaction: new definition versions, the release row and its complete item set.
/// </summary>
/// <remarks>
/// Every release stores the complete set of definition versions in effect with it (the set of the release active at
/// its activation time, with its own definitions replaced), so resolving a definition for a pinned release is one
/// lookup. A release scheduled later than a new one has not been used by any instance yet; the new release's changes
/// are carried into it, unless it changes the same definition itself.
/// </remarks>
internal static class ReleaseWriter
{
    public static string ItemKey(string kind, string id) => kind + ":" + id;

    /// <summary>SHA-256 over the sorted (kind, id, content hash) of a bundle, identifying it across databases.</summary>
    public static string BundleHash(IEnumerable<(string Kind, string Id, string Hash)> items)
    {
        var text = new StringBuilder();
        foreach (var (kind, id, hash) in items.OrderBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal))
        {
            text.Append(kind).Append('\n').Append(id).Append('\n').Append(hash).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// Releases <paramref name="definitions"/> effective from <paramref name="activateAt"/>. Nothing is written when a
    /// release with the same bundle hash exists (when <paramref name="matchBundle"/>) or when no definition differs
    /// from the set it would replace and it activates immediately.
    /// </summary>
    public static async Task<ReleaseWrite> WriteAsync(
        OmsFlowDbContext context, IReadOnlyList<CanonicalDefinition> definitions, string? createdBy, string? note, long now, long activateAt,
        bool matchBundle, CancellationToken cancellationToken)
    {
        var bundleHash = BundleHash(definitions.Select(d => (d.Kind, d.Id, d.Hash)));
        if (matchBundle)
        {
            var existing = await context.Releases.AsNoTracking().Where(r => r.BundleHash == bundleHash).OrderByDescending(r => r.Id)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                var items = await ItemsAsync(context, existing.Id, cancellationToken).ConfigureAwait(false);
                return new ReleaseWrite(existing, false, items.ToDictionary(i => ItemKey(i.Kind, i.DefinitionId), i => i.Version, StringComparer.Ordinal));
            }
        }
        var baseSet = await EffectiveSetAsync(context, activateAt, cancellationToken).ConfigureAwait(false);
        var set = baseSet.Items.ToDictionary(i => ItemKey(i.Kind, i.DefinitionId), i => Copy(i, changed: false), StringComparer.Ordinal);
        var changed = definitions.Where(d => !set.TryGetValue(ItemKey(d.Kind, d.Id), out var current) || current.Hash != d.Hash).ToList();
        if (changed.Count == 0 && activateAt <= now)
        {
            return new ReleaseWrite(baseSet.Release, false, set.ToDictionary(p => p.Key, p => p.Value.Version, StringComparer.Ordinal));
        }
        var releaseId = (await context.Releases.MaxAsync(r => (int?)r.Id, cancellationToken).ConfigureAwait(false) ?? 0) + 1;
        var release = new ReleaseRecord
        {
            Id = releaseId,
            CreatedAt = now,
            CreatedBy = createdBy,
            Note = note,
            ActivateAt = activateAt,
            BundleHash = bundleHash,
        };
        context.Releases.Add(release);
        foreach (var definition in changed)
        {
            var version = await AddVersionAsync(context, definition, release, activateAt <= now, cancellationToken).ConfigureAwait(false);
            set[ItemKey(definition.Kind, definition.Id)] = new ReleaseItemRecord
            {
                ReleaseId = releaseId,
                Kind = definition.Kind,
                DefinitionId = definition.Id,
                Version = version,
                Hash = definition.Hash,
                Changed = true,
            };
        }
        foreach (var item in set.Values)
        {
            item.ReleaseId = releaseId;
            context.ReleaseItems.Add(item);
        }
        await CarryIntoLaterReleasesAsync(context, release, set.Values.Where(i => i.Changed).ToList(), cancellationToken).ConfigureAwait(false);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new ReleaseWrite(release, true, set.ToDictionary(p => p.Key, p => p.Value.Version, StringComparer.Ordinal));
    }

    /// <summary>
    /// Records a rollback to <paramref name="target"/>: a new release, active now, with the target's set; every release
    /// after the target (scheduled ones included) is marked as rolled back so it never becomes active again.
    /// </summary>
    public static async Task<ReleaseRecord> RollbackAsync(
        OmsFlowDbContext context, ReleaseRecord target, string? createdBy, string? note, long now, CancellationToken cancellationToken)
    {
        var current = await EffectiveSetAsync(context, now, cancellationToken).ConfigureAwait(false);
        var currentHashes = current.Items.ToDictionary(i => ItemKey(i.Kind, i.DefinitionId), i => i.Hash, StringComparer.Ordinal);
        var targetItems = await ItemsAsync(context, target.Id, cancellationToken).ConfigureAwait(false);
        var releaseId = (await context.Releases.MaxAsync(r => (int?)r.Id, cancellationToken).ConfigureAwait(false) ?? 0) + 1;
        var release = new ReleaseRecord
        {
            Id = releaseId,
            CreatedAt = now,
            CreatedBy = createdBy,
            Note = note ?? $"Rollback to release {target.Id}",
            ActivateAt = now,
            RollbackOf = target.Id,
            BundleHash = BundleHash(targetItems.Select(i => (i.Kind, i.DefinitionId, i.Hash))),
        };
        context.Releases.Add(release);
        foreach (var item in targetItems)
        {
            var copy = Copy(item, changed: !currentHashes.TryGetValue(ItemKey(item.Kind, item.DefinitionId), out var hash) || hash != item.Hash);
            copy.ReleaseId = releaseId;
            context.ReleaseItems.Add(copy);
        }
        var undone = await context.Releases.Where(r => r.Id > target.Id && r.RolledBackBy == null).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var later in undone)
        {
            later.RolledBackBy = releaseId;
        }
        var pointers = targetItems.ToDictionary(i => ItemKey(i.Kind, i.DefinitionId), i => i.Version, StringComparer.Ordinal);
        foreach (var definition in await context.Definitions.ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            definition.PublishedVersion = pointers.TryGetValue(ItemKey(definition.Kind, definition.Id), out var version) ? version : null;
            definition.UpdatedAt = now;
        }
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return release;
    }

    /// <summary>The release active at <paramref name="at"/> and its set (when no release exists yet: the published pointers).</summary>
    public static async Task<(ReleaseRecord? Release, IReadOnlyList<ReleaseItemRecord> Items)> EffectiveSetAsync(
        OmsFlowDbContext context, long at, CancellationToken cancellationToken)
    {
        var release = await ActiveAsync(context, at, cancellationToken).ConfigureAwait(false);
        if (release is not null)
        {
            return (release, await ItemsAsync(context, release.Id, cancellationToken).ConfigureAwait(false));
        }
        // Definitions published before the first release (or a release scheduled later) form the implicit base set.
        var published = await (from d in context.Definitions.AsNoTracking()
                               join v in context.DefinitionVersions.AsNoTracking() on new { d.Kind, d.Id, Version = d.PublishedVersion ?? -1 } equals new { v.Kind, v.Id, v.Version }
                               select new ReleaseItemRecord { Kind = d.Kind, DefinitionId = d.Id, Version = v.Version, Hash = v.Hash })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return (null, published);
    }

    /// <summary>The latest release (by activation time, then number) activated by <paramref name="at"/> and not rolled back.</summary>
    public static Task<ReleaseRecord?> ActiveAsync(OmsFlowDbContext context, long at, CancellationToken cancellationToken)
        => context.Releases.AsNoTracking().Where(r => r.ActivateAt <= at && r.RolledBackBy == null)
            .OrderByDescending(r => r.ActivateAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);

    public static async Task<List<ReleaseItemRecord>> ItemsAsync(OmsFlowDbContext context, int releaseId, CancellationToken cancellationToken)
        => await context.ReleaseItems.AsNoTracking().Where(i => i.ReleaseId == releaseId).OrderBy(i => i.Kind).ThenBy(i => i.DefinitionId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    private static async Task<int> AddVersionAsync(
        OmsFlowDbContext context, CanonicalDefinition definition, ReleaseRecord release, bool activeNow, CancellationToken cancellationToken)
    {
        var record = await context.Definitions.FirstOrDefaultAsync(d => d.Kind == definition.Kind && d.Id == definition.Id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            record = new DefinitionRecord { Kind = definition.Kind, Id = definition.Id };
            context.Definitions.Add(record);
        }
        var version = record.LatestVersion + 1;
        context.DefinitionVersions.Add(new DefinitionVersionRecord
        {
            Kind = definition.Kind,
            Id = definition.Id,
            Version = version,
            Content = definition.Canonical,
            Hash = definition.Hash,
            PublishedAt = release.CreatedAt,
            PublishedBy = release.CreatedBy,
            Note = release.Note,
            ReleaseId = release.Id,
        });
        record.Name = definition.Name;
        record.Description = definition.Description;
        record.LatestVersion = version;
        record.UpdatedAt = release.CreatedAt;
        if (activeNow)
        {
            record.PublishedVersion = version;
        }
        return version;
    }

    private static async Task CarryIntoLaterReleasesAsync(
        OmsFlowDbContext context, ReleaseRecord release, List<ReleaseItemRecord> changed, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return;
        }
        var later = await context.Releases.AsNoTracking().Where(r => r.ActivateAt > release.ActivateAt && r.RolledBackBy == null)
            .Select(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var laterId in later)
        {
            var items = await context.ReleaseItems.Where(i => i.ReleaseId == laterId).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var item in changed)
            {
                var own = items.Find(i => i.Kind == item.Kind && i.DefinitionId == item.DefinitionId);
                if (own is null)
                {
                    var carried = Copy(item, changed: false);
                    carried.ReleaseId = laterId;
                    context.ReleaseItems.Add(carried);
                }
                else if (!own.Changed)
                {
                    own.Version = item.Version;
                    own.Hash = item.Hash;
                }
            }
        }
    }

    private static ReleaseItemRecord Copy(ReleaseItemRecord item, bool changed) => new()
    {
        ReleaseId = item.ReleaseId,
        Kind = item.Kind,
        DefinitionId = item.DefinitionId,
        Version = item.Version,
        Hash = item.Hash,
        Changed = changed,
    };
}
