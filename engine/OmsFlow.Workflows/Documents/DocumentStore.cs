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
        // Through the single writer (batched with the engine's commits) rather than a connection of its own, which on
        // SQLite would have to wait for the writer's lock.
        var write = new InsertDocument(record);
        var unit = new CommitUnit();
        unit.Writes.Add(write);
        await storage.Writer.CommitAsync(unit).ConfigureAwait(false);
        if (write.Inserted)
        {
            return record;
        }
        // Another execution of the same step issued it first: what was issued first stays what was issued.
        return await GetAsync(document.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Document {document.Id} was neither inserted nor found.");
    }

    private sealed class InsertDocument(DocumentRecord d) : UnitWrite
    {
        private const string Sql =
            "INSERT INTO documents (id, kind, template_id, template_version, media_type, content, created_at, instance_id, correlation_key) " +
            "VALUES (@id, @kind, @template_id, @template_version, @media_type, @content, @created_at, @instance_id, @correlation_key) ON CONFLICT (id) DO NOTHING";

        public bool Inserted { get; private set; }

        public override void Apply(UnitSql sql)
            => Inserted = sql.Execute(Sql, ("id", d.Id), ("kind", d.Kind), ("template_id", d.TemplateId), ("template_version", d.TemplateVersion),
                ("media_type", d.MediaType), ("content", d.Content), ("created_at", d.CreatedAt), ("instance_id", d.InstanceId),
                ("correlation_key", d.CorrelationKey)) == 1;
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
