using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OmsFlow.Persistence;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Workflows.Retention;

/// <summary>The statements of a sweep: find candidates, read them for the archive, delete them with their rows.</summary>
public sealed partial class InstanceRetention
{
    /// <summary>Statuses a finished instance can have; each is swept along its (status, updated_at) index.</summary>
    private static readonly string[] FinishedStatuses =
        [nameof(InstanceStatus.Completed), nameof(InstanceStatus.Cancelled), nameof(InstanceStatus.Faulted)];

    /// <summary>
    /// Oldest finished instances past the cursor. A child whose parent is still live stays (the parent's history links
    /// to it); a faulted instance stays while it has an open incident (it waits for an operator's retry or cancel).
    /// The explicit <c>updated_at &gt;= @after_at</c> keeps the scan a range of the (status, updated_at) index.
    /// </summary>
    private const string CandidatesSql =
        "SELECT i.id, i.updated_at, i.revision FROM instances i " +
        "WHERE i.status = @status AND i.updated_at < @cutoff AND i.updated_at >= @after_at " +
        "AND (i.updated_at > @after_at OR i.id > @after_id) " +
        "AND (i.parent_instance_id IS NULL OR NOT EXISTS (SELECT 1 FROM instances p WHERE p.id = i.parent_instance_id " +
        "AND p.status IN ('Running', 'Suspended', 'Faulted'))) ";

    private const string NoOpenIncidentSql = "AND NOT EXISTS (SELECT 1 FROM incidents x WHERE x.instance_id = i.id AND x.resolved_at IS NULL) ";

    private static async Task<List<Candidate>> CandidatesAsync(OmsFlowDbContext context, string status, long cutoff, Cursor cursor, int limit, CancellationToken cancellationToken)
    {
        var connection = context.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = CandidatesSql + (status == nameof(InstanceStatus.Faulted) ? NoOpenIncidentSql : string.Empty) +
            "ORDER BY i.updated_at, i.id LIMIT @limit";
        AddParameter(command, "status", status);
        AddParameter(command, "cutoff", cutoff);
        AddParameter(command, "after_at", cursor.UpdatedAt);
        AddParameter(command, "after_id", cursor.Id);
        AddParameter(command, "limit", limit);
        var candidates = new List<Candidate>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            candidates.Add(new Candidate(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }
        return candidates;
    }

    private Task<List<Candidate>> CandidatesAsync(OmsFlowDbContext context, string status, long cutoff, Cursor cursor, CancellationToken cancellationToken)
        => CandidatesAsync(context, status, cutoff, cursor, _options.BatchSize, cancellationToken);

    /// <summary>Full rows of the candidates with their journal and incidents, read without holding a write lock.</summary>
    private static async Task<List<ArchivedInstance>> ArchiveRowsAsync(OmsFlowDbContext context, List<Candidate> candidates, CancellationToken cancellationToken)
    {
        var ids = candidates.Select(c => c.Id).ToList();
        var instances = await context.Instances.AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var journal = (await context.Journal.AsNoTracking().Where(j => ids.Contains(j.InstanceId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(j => j.InstanceId);
        var incidents = (await context.Incidents.AsNoTracking().Where(x => ids.Contains(x.InstanceId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(x => x.InstanceId);
        return [.. instances.OrderBy(i => i.UpdatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).Select(i => new ArchivedInstance(
            i,
            [.. journal[i.Id].OrderBy(j => j.Seq)],
            [.. incidents[i.Id].OrderBy(x => x.CreatedAt)]))];
    }

    /// <summary>
    /// Deletes, in one transaction, the candidates still at the revision they were found (and archived) at, with their
    /// journal, bookmarks, incidents and delivered outbox messages.
    /// </summary>
    private async Task<Deleted> DeleteAsync(OmsFlowDbContext context, List<Candidate> candidates, CancellationToken cancellationToken)
    {
        // Between batches the engine's writer gets the database; the transaction below holds the write lock only for deletes.
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var dbTransaction = transaction.GetDbTransaction();
        var expected = candidates.ToDictionary(c => c.Id, c => c.Revision, StringComparer.Ordinal);
        var unchanged = new List<string>(candidates.Count);
        await using (var check = Command(context, dbTransaction, "SELECT id, revision FROM instances WHERE id IN (", expected.Keys,
            _storage.Settings.Provider == StorageProvider.Postgres ? ") FOR UPDATE" : ")"))
        {
            await using var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                if (expected[id] == reader.GetInt64(1))
                {
                    unchanged.Add(id);
                }
            }
        }
        if (unchanged.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return default;
        }
        var outbox = await ExecuteAsync(context, dbTransaction,
            "DELETE FROM outbox_attempts WHERE message_id IN (SELECT id FROM outbox WHERE status = 'sent' AND instance_id IN (", unchanged, "))", cancellationToken).ConfigureAwait(false);
        outbox = await ExecuteAsync(context, dbTransaction, "DELETE FROM outbox WHERE status = 'sent' AND instance_id IN (", unchanged, ")", cancellationToken).ConfigureAwait(false);
        var journal = await ExecuteAsync(context, dbTransaction, "DELETE FROM journal WHERE instance_id IN (", unchanged, ")", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(context, dbTransaction, "DELETE FROM bookmarks WHERE instance_id IN (", unchanged, ")", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(context, dbTransaction, "DELETE FROM incidents WHERE instance_id IN (", unchanged, ")", cancellationToken).ConfigureAwait(false);
        var instances = await ExecuteAsync(context, dbTransaction, "DELETE FROM instances WHERE id IN (", unchanged, ")", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new Deleted(instances, journal, outbox);
    }

    private static async Task<int> ExecuteAsync(OmsFlowDbContext context, DbTransaction transaction, string head, IEnumerable<string> ids, string tail, CancellationToken cancellationToken)
    {
        await using var command = Command(context, transaction, head, ids, tail);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A statement with an <c>IN (...)</c> list of one parameter per id.</summary>
    private static DbCommand Command(OmsFlowDbContext context, DbTransaction transaction, string head, IEnumerable<string> ids, string tail)
    {
        var command = context.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder(head);
        var n = 0;
        foreach (var id in ids)
        {
            sql.Append(n == 0 ? "@id" : ", @id").Append(n);
            AddParameter(command, "id" + n, id);
            n++;
        }
#pragma warning disable CA2100 // The statement is one of this class's constants plus generated parameter names; values are parameters.
        command.CommandText = sql.Append(tail).ToString();
#pragma warning restore CA2100
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
