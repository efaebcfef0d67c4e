using System.Data.Common;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Persistence.Storage;

/// <summary>The SQL of one commit unit: plain statements valid on SQLite and PostgreSQL alike.</summary>
public sealed partial class GroupCommitWriter
{
    private const string InsertInstanceSql =
        "INSERT INTO instances (id, workflow_id, version, status, correlation_key, runnable, state, input, outputs, parent_instance_id, has_incident, revision, created_at, updated_at, lease_owner, lease_until, started_by) " +
        "VALUES (@id, @workflow_id, @version, @status, @correlation_key, @runnable, @state, @input, @outputs, @parent_instance_id, @has_incident, @revision, @created_at, @updated_at, @lease_owner, @lease_until, @started_by)";

    private const string UpdateInstanceSql =
        "UPDATE instances SET status = @status, runnable = @runnable, state = @state, outputs = @outputs, has_incident = @has_incident, " +
        "revision = @revision, updated_at = @updated_at WHERE id = @id AND revision = @expected";

    private const string InsertJournalPrefix = "INSERT INTO journal (instance_id, seq, timestamp, kind, step, activity, outcome, attempt, data) VALUES ";

    /// <summary>Journal rows per INSERT statement: one statement per step would dominate the writer's time.</summary>
    private const int JournalRowsPerStatement = 32;

    private static readonly string[] JournalColumns = ["instance_id", "seq", "timestamp", "kind", "step", "activity", "outcome", "attempt", "data"];

    private const string InsertBookmarkSql =
        "INSERT INTO bookmarks (id, instance_id, token_id, step, kind, name, correlation_key, due_at, resume_outcome, payload, created_at) " +
        "VALUES (@id, @instance_id, @token_id, @step, @kind, @name, @correlation_key, @due_at, @resume_outcome, @payload, @created_at)";

    private const string DeleteBookmarkSql = "DELETE FROM bookmarks WHERE id = @id";

    private const string FireBookmarkSql = "UPDATE bookmarks SET due_at = @due_at, payload = @payload WHERE id = @id";

    private const string InsertIncidentSql =
        "INSERT INTO incidents (id, instance_id, step, error, attempt, created_at, resolved_at) VALUES (@id, @instance_id, @step, @error, @attempt, @created_at, NULL)";

    private const string ResolveIncidentsSql = "UPDATE incidents SET resolved_at = @resolved_at WHERE instance_id = @instance_id AND resolved_at IS NULL";

    private const string InsertOutboxSql =
        "INSERT INTO outbox (id, instance_id, correlation_key, channel, topic, payload, status, attempts, created_at, next_attempt_at, sent_at, last_error) " +
        "VALUES (@id, @instance_id, @correlation_key, @channel, @topic, @payload, 'pending', 0, @created_at, @created_at, NULL, NULL) ON CONFLICT (id) DO NOTHING";

    private Exception? WriteUnit(DbTransaction transaction, CommitUnit unit)
    {
        Execute(transaction, "SAVEPOINT unit");
        try
        {
            if (unit.Instance is { } instance)
            {
                WriteInstance(transaction, instance, unit.ExpectedRevision);
            }
            foreach (var started in unit.StartedInstances)
            {
                WriteInstance(transaction, started, null);
            }
            foreach (var id in unit.ConsumedBookmarks)
            {
                if (Run(transaction, DeleteBookmarkSql, ("id", id)) != 1)
                {
                    throw new CommitConflictException($"Bookmark {id} was already resumed.");
                }
            }
            foreach (var id in unit.RemovedBookmarks)
            {
                Run(transaction, DeleteBookmarkSql, ("id", id));
            }
            foreach (var b in unit.AddedBookmarks)
            {
                Run(transaction, InsertBookmarkSql, ("id", b.Id), ("instance_id", b.InstanceId), ("token_id", b.TokenId), ("step", b.Step),
                    ("kind", b.Kind), ("name", b.Name), ("correlation_key", b.CorrelationKey), ("due_at", b.DueAt),
                    ("resume_outcome", b.ResumeOutcome), ("payload", b.Payload), ("created_at", b.CreatedAt));
            }
            foreach (var firing in unit.FiredBookmarks)
            {
                Run(transaction, FireBookmarkSql, ("id", firing.BookmarkId), ("due_at", firing.DueAt), ("payload", firing.Payload));
            }
            WriteJournal(transaction, unit.Journal);
            if (unit.ResolveIncidentsAt is { } resolvedAt && unit.Instance is { } owner)
            {
                Run(transaction, ResolveIncidentsSql, ("resolved_at", resolvedAt), ("instance_id", owner.Id));
            }
            foreach (var i in unit.Incidents)
            {
                Run(transaction, InsertIncidentSql, ("id", i.Id), ("instance_id", i.InstanceId), ("step", i.Step), ("error", i.Error),
                    ("attempt", i.Attempt), ("created_at", i.CreatedAt));
            }
            if (unit.Writes.Count > 0)
            {
                var sql = new UnitSql((statement, parameters) => Prepare(transaction, statement, parameters));
                foreach (var write in unit.Writes)
                {
                    write.Apply(sql);
                }
            }
            foreach (var o in unit.Outbox)
            {
                Run(transaction, InsertOutboxSql, ("id", o.Id), ("instance_id", o.InstanceId), ("correlation_key", o.CorrelationKey),
                    ("channel", o.Channel), ("topic", o.Topic), ("payload", o.Payload), ("created_at", o.CreatedAt));
            }
            Execute(transaction, "RELEASE SAVEPOINT unit");
            return null;
        }
#pragma warning disable CA1031 // The unit's failure is reported to its caller; the batch goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Execute(transaction, "ROLLBACK TO SAVEPOINT unit");
            Execute(transaction, "RELEASE SAVEPOINT unit");
            return ex;
        }
    }

    private void WriteJournal(DbTransaction transaction, List<JournalRecord> rows)
    {
        for (var start = 0; start < rows.Count; start += JournalRowsPerStatement)
        {
            var count = Math.Min(JournalRowsPerStatement, rows.Count - start);
            var values = new (string Name, object? Value)[count * JournalColumns.Length];
            for (var r = 0; r < count; r++)
            {
                var j = rows[start + r];
                var offset = r * JournalColumns.Length;
                values[offset] = ($"j{r}_0", j.InstanceId);
                values[offset + 1] = ($"j{r}_1", j.Seq);
                values[offset + 2] = ($"j{r}_2", j.Timestamp);
                values[offset + 3] = ($"j{r}_3", j.Kind);
                values[offset + 4] = ($"j{r}_4", j.Step);
                values[offset + 5] = ($"j{r}_5", j.Activity);
                values[offset + 6] = ($"j{r}_6", j.Outcome);
                values[offset + 7] = ($"j{r}_7", j.Attempt);
                values[offset + 8] = ($"j{r}_8", j.Data);
            }
            Run(transaction, JournalInsertSql(count), values);
        }
    }

    private static readonly string[] JournalInsertSqlByCount = [.. Enumerable.Range(0, JournalRowsPerStatement + 1).Select(BuildJournalInsertSql)];

    private static string JournalInsertSql(int rows) => JournalInsertSqlByCount[rows];

    private static string BuildJournalInsertSql(int rows)
    {
        var builder = new System.Text.StringBuilder(InsertJournalPrefix);
        for (var r = 0; r < rows; r++)
        {
            builder.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < JournalColumns.Length; c++)
            {
                builder.Append(c == 0 ? "@j" : ", @j").Append(r).Append('_').Append(c);
            }
            builder.Append(')');
        }
        return builder.ToString();
    }

    private void WriteInstance(DbTransaction transaction, InstanceRecord i, long? expectedRevision)
    {
        if (expectedRevision is null)
        {
            Run(transaction, InsertInstanceSql, ("id", i.Id), ("workflow_id", i.WorkflowId), ("version", i.Version), ("status", i.Status),
                ("correlation_key", i.CorrelationKey), ("runnable", i.Runnable), ("state", i.State), ("input", i.Input), ("outputs", i.Outputs),
                ("parent_instance_id", i.ParentInstanceId), ("has_incident", i.HasIncident), ("revision", i.Revision),
                ("created_at", i.CreatedAt), ("updated_at", i.UpdatedAt), ("lease_owner", i.LeaseOwner), ("lease_until", i.LeaseUntil), ("started_by", i.StartedBy));
            return;
        }
        var changed = Run(transaction, UpdateInstanceSql, ("id", i.Id), ("status", i.Status), ("runnable", i.Runnable), ("state", i.State),
            ("outputs", i.Outputs), ("has_incident", i.HasIncident), ("revision", i.Revision), ("updated_at", i.UpdatedAt),
            ("expected", expectedRevision.Value));
        if (changed != 1)
        {
            throw new CommitConflictException($"Instance {i.Id} was changed by another writer (expected revision {expectedRevision}).");
        }
    }

    private void Execute(DbTransaction transaction, string sql) => Run(transaction, sql);

    private int Run(DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
        => Prepare(transaction, sql, parameters).ExecuteNonQuery();

    /// <summary>The cached command for <paramref name="sql"/>, bound to <paramref name="transaction"/> and the parameter values.</summary>
    private DbCommand Prepare(DbTransaction transaction, string sql, (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection!.CreateCommand();
#pragma warning disable CA2100 // Only constant statements (this class's and UnitWrite's) reach here; values are parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            foreach (var (name, _) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                command.Parameters.Add(parameter);
            }
            _commands[sql] = command;
        }
        command.Transaction = transaction;
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        }
        return command;
    }
}
