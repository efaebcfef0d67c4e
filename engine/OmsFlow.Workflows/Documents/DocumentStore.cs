using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Workflows.Documents;

/// <summary>A document to issue: what it is, which template version produced it, and its bytes.</summary>
public sealed record DocumentToIssue(
    string Id, string Kind, string TemplateId, int TemplateVersion, string MediaType, ReadOnlyMemory<byte> Content, string? InstanceId, string? CorrelationKey);

/// <summary>
/// Issued documents: written once and never changed. Issuing is idempotent by id, so a step that runs again after a
/// crash or retry finds the document it issued the first time instead of issuing a second, different one.
/// </summary>
public sealed class DocumentStore(OmsFlowStorage storage, TimeProvider clock)
{
    /// <summary>A stable document id for one issue by one step execution (see <c>ActivityContext.ExecutionKey</c>).</summary>
    public static string IdFor(string executionKey, string key)
    {
        ArgumentNullException.ThrowIfNull(executionKey);
        ArgumentNullException.ThrowIfNull(key);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(executionKey + "\n" + key));
        return "doc-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// Stores the document unless one with its id exists, and returns the stored one (the existing document wins, so
    /// what was issued first stays what was issued).
    /// </summary>
    public async Task<DocumentRecord> IssueAsync(DocumentToIssue document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (await GetAsync(document.Id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }
        var record = new DocumentRecord
        {
            Id = document.Id,
            Kind = document.Kind,
            TemplateId = document.TemplateId,
            TemplateVersion = document.TemplateVersion,
            MediaType = document.MediaType,
            Content = document.Content.ToArray(),
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            InstanceId = document.InstanceId,
            CorrelationKey = document.CorrelationKey,
        };
        try
        {
            await using var context = storage.CreateContext();
            context.Documents.Add(record);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return record;
        }
        catch (DbUpdateException)
        {
            // Another execution of the same step issued it first; anything else is a real failure.
            var raced = await GetAsync(document.Id, cancellationToken).ConfigureAwait(false);
            if (raced is null)
            {
                throw;
            }
            return raced;
        }
    }

    /// <summary>The document with <paramref name="id"/>, or null.</summary>
    public async Task<DocumentRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Documents issued by one instance, oldest first (without their content).</summary>
    public async Task<IReadOnlyList<DocumentRecord>> ListByInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.Documents.AsNoTracking().Where(d => d.InstanceId == instanceId).OrderBy(d => d.CreatedAt)
            .Select(d => new DocumentRecord
            {
                Id = d.Id,
                Kind = d.Kind,
                TemplateId = d.TemplateId,
                TemplateVersion = d.TemplateVersion,
                MediaType = d.MediaType,
                Content = Array.Empty<byte>(),
                CreatedAt = d.CreatedAt,
                InstanceId = d.InstanceId,
                CorrelationKey = d.CorrelationKey,
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A file extension for a stored media type, for downloads and attachments.</summary>
    public static string ExtensionFor(string mediaType) => mediaType.Split(';')[0].Trim() switch
    {
        "application/pdf" => ".pdf",
        "text/html" => ".html",
        "text/plain" => ".txt",
        "application/zpl" => ".zpl",
        _ => ".bin",
    };
}
