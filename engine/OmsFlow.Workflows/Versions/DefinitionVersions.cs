using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Versions;

/// <summary>
/// Drafts, validation, publishing and version history of the definitions of one kind. The same store serves
/// workflows, rule sets, decision tables and template sets; <see cref="IDefinitionKind"/> supplies the parsing.
/// </summary>
public sealed class DefinitionVersions(OmsFlowStorage storage, DefinitionCatalog catalog, IDefinitionKind kind, TimeProvider clock)
{
    /// <summary>The kind this store serves.</summary>
    public IDefinitionKind Kind { get; } = kind;

    /// <summary>Parses and validates a document as definition <paramref name="id"/> (nothing is stored).</summary>
    public DefinitionCheck Check(string id, string text, string? file = null) => Kind.Check(id, text, file ?? id);

    /// <summary>Every definition of this kind; <see cref="DefinitionRecord.PublishedVersion"/> is the version in the active release.</summary>
    public async Task<IReadOnlyList<DefinitionRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        List<DefinitionRecord> records;
        await using (var context = storage.CreateContext())
        {
            records = await context.Definitions.AsNoTracking().Where(d => d.Kind == Kind.Kind).OrderBy(d => d.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        var active = await catalog.GetActiveReleaseAsync(cancellationToken).ConfigureAwait(false);
        records.ForEach(r => ShowActive(r, active));
        return records;
    }

    /// <summary>One definition, or null; <see cref="DefinitionRecord.PublishedVersion"/> is the version in the active release.</summary>
    public async Task<DefinitionRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        DefinitionRecord? record;
        await using (var context = storage.CreateContext())
        {
            record = await context.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Kind == Kind.Kind && d.Id == id, cancellationToken).ConfigureAwait(false);
        }
        if (record is not null)
        {
            ShowActive(record, await catalog.GetActiveReleaseAsync(cancellationToken).ConfigureAwait(false));
        }
        return record;
    }

    /// <summary>
    /// The stored pointer is set when a release activates immediately; a scheduled release (or a rollback elsewhere)
    /// takes effect without rewriting it, so readers are shown the active release's version.
    /// </summary>
    private void ShowActive(DefinitionRecord record, ReleaseSet active)
    {
        if (active.ReleaseId is not null)
        {
            record.PublishedVersion = active.VersionOf(Kind.Kind, record.Id);
        }
    }

    /// <summary>Every published version of <paramref name="id"/>, newest first.</summary>
    public async Task<IReadOnlyList<DefinitionVersionRecord>> HistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.DefinitionVersions.AsNoTracking().Where(v => v.Kind == Kind.Kind && v.Id == id).OrderByDescending(v => v.Version)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DefinitionVersionRecord?> GetVersionAsync(string id, int version, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.DefinitionVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.Kind == Kind.Kind && v.Id == id && v.Version == version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Saves a draft even when it has problems (an analyst saves work in progress); returns the problems.
    /// A draft that parses is stored in canonical form, one that does not is kept as written. A document that names
    /// another id is not saved.
    /// </summary>
    public async Task<IReadOnlyList<DefinitionProblem>> SaveDraftAsync(string id, string text, CancellationToken cancellationToken = default)
    {
        var check = Check(id, text);
        if (check.Problems.Any(p => p.Code == DefinitionProblemCodes.IdMismatch))
        {
            return check.Problems;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var context = storage.CreateContext();
        var record = await context.Definitions.FirstOrDefaultAsync(d => d.Kind == Kind.Kind && d.Id == id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            record = new DefinitionRecord { Kind = Kind.Kind, Id = id };
            context.Definitions.Add(record);
        }
        record.Draft = check.Canonical ?? text;
        record.DraftUpdatedAt = now;
        record.UpdatedAt = now;
        record.Name ??= check.Name;
        record.Description ??= check.Description;
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return check.Problems;
    }

    public async Task<bool> DeleteDraftAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        var record = await context.Definitions.FirstOrDefaultAsync(d => d.Kind == Kind.Kind && d.Id == id, cancellationToken).ConfigureAwait(false);
        if (record?.Draft is null)
        {
            return false;
        }
        record.Draft = null;
        record.DraftUpdatedAt = null;
        if (record.LatestVersion == 0)
        {
            context.Definitions.Remove(record);
        }
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Publishes <paramref name="text"/> (or the saved draft when null) as the next version. Nothing is published
    /// when the document has errors; the result lists them. Publishing unchanged content keeps the current version.
    /// </summary>
    public async Task<PublishResult> PublishAsync(string id, string? text, string? publishedBy, string? note, CancellationToken cancellationToken = default)
    {
        if (text is null)
        {
            var draft = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (draft?.Draft is null)
            {
                return new PublishResult(null, [new DefinitionProblem("no-draft", $"{Kind.Noun} '{id}' has no draft to publish; save a draft or send the document.")]);
            }
            text = draft.Draft;
        }
        var check = Check(id, text);
        if (check.HasErrors)
        {
            return new PublishResult(null, check.Problems);
        }
        var version = await catalog.PublishAsync(Kind.Kind, id, check.Name, check.Description, check.Canonical!, publishedBy, note, cancellationToken)
            .ConfigureAwait(false);
        await using (var context = storage.CreateContext())
        {
            var record = await context.Definitions.FirstAsync(d => d.Kind == Kind.Kind && d.Id == id, cancellationToken).ConfigureAwait(false);
            record.Draft = null;
            record.DraftUpdatedAt = null;
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        return new PublishResult(version, check.Problems);
    }
}

/// <summary>Problem codes shared by every definition kind.</summary>
public static class DefinitionProblemCodes
{
    /// <summary>The document names another id than the one it is saved or published as.</summary>
    public const string IdMismatch = "id-mismatch";
}

/// <summary>The version published (null when nothing was), and the problems found (warnings do not block).</summary>
public sealed record PublishResult(int? Version, IReadOnlyList<DefinitionProblem> Problems);
