using System.Data.Common;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Persistence.Storage;

/// <summary>
/// The engine's hot reads (load an instance, find the bookmarks a signal or hook resumes, due timers) as plain SQL
/// on pooled connections: about ten times cheaper than the same queries through EF Core, which serves everything else.
/// </summary>
public sealed class HotReads(DbProviderFactory provider, string connectionString)
{
    /// <summary>The bookmark columns, in the order <see cref="ReadBookmark"/> reads them.</summary>
    internal const string BookmarkColumns = "id, instance_id, token_id, step, kind, name, correlation_key, due_at, resume_outcome, payload, created_at";

    public async Task<InstanceRecord?> InstanceAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection,
            "SELECT id, workflow_id, version, status, correlation_key, runnable, state, input, outputs, parent_instance_id, has_incident, revision, created_at, updated_at, started_by " +
            "FROM instances WHERE id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        return new InstanceRecord
        {
            Id = reader.GetString(0),
            WorkflowId = reader.GetString(1),
            Version = reader.GetInt32(2),
            Status = reader.GetString(3),
            CorrelationKey = reader.IsDBNull(4) ? null : reader.GetString(4),
            Runnable = reader.GetBoolean(5),
            State = reader.GetString(6),
            Input = reader.IsDBNull(7) ? null : reader.GetString(7),
            Outputs = reader.IsDBNull(8) ? null : reader.GetString(8),
            ParentInstanceId = reader.IsDBNull(9) ? null : reader.GetString(9),
            HasIncident = reader.GetBoolean(10),
            Revision = reader.GetInt64(11),
            CreatedAt = reader.GetInt64(12),
            UpdatedAt = reader.GetInt64(13),
            StartedBy = reader.IsDBNull(14) ? null : reader.GetString(14),
        };
    }

    /// <summary>Bookmarks of a kind and name for a correlation key (a null key matches bookmarks without one).</summary>
    public Task<List<BookmarkRecord>> BookmarksAsync(string kind, string name, string? correlationKey, CancellationToken cancellationToken = default)
        => correlationKey is null
            ? BookmarkQueryAsync($"SELECT {BookmarkColumns} FROM bookmarks WHERE kind = @kind AND name = @name AND correlation_key IS NULL", cancellationToken, ("kind", kind), ("name", name))
            : BookmarkQueryAsync($"SELECT {BookmarkColumns} FROM bookmarks WHERE kind = @kind AND name = @name AND correlation_key = @key", cancellationToken, ("kind", kind), ("name", name), ("key", correlationKey));

    public Task<List<BookmarkRecord>> BookmarksOfInstanceAsync(string instanceId, string kind, string name, CancellationToken cancellationToken = default)
        => BookmarkQueryAsync($"SELECT {BookmarkColumns} FROM bookmarks WHERE instance_id = @instance AND kind = @kind AND name = @name", cancellationToken,
            ("instance", instanceId), ("kind", kind), ("name", name));

    /// <summary>Bookmarks due by <paramref name="nowMs"/>, earliest first.</summary>
    public Task<List<BookmarkRecord>> DueBookmarksAsync(long nowMs, int limit, CancellationToken cancellationToken = default)
        => BookmarkQueryAsync($"SELECT {BookmarkColumns} FROM bookmarks WHERE due_at IS NOT NULL AND due_at <= @now ORDER BY due_at LIMIT @limit", cancellationToken,
            ("now", nowMs), ("limit", limit));

    private async Task<List<BookmarkRecord>> BookmarkQueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<BookmarkRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(ReadBookmark(reader));
        }
        return rows;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = provider.CreateConnection() ?? throw new InvalidOperationException("The database provider cannot create connections.");
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Only this class's constant statements reach here; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>A bookmark row selected as <see cref="BookmarkColumns"/>.</summary>
    internal static BookmarkRecord ReadBookmark(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        InstanceId = reader.GetString(1),
        TokenId = reader.GetString(2),
        Step = reader.GetString(3),
        Kind = reader.GetString(4),
        Name = reader.GetString(5),
        CorrelationKey = reader.IsDBNull(6) ? null : reader.GetString(6),
        DueAt = reader.IsDBNull(7) ? null : reader.GetInt64(7),
        ResumeOutcome = reader.IsDBNull(8) ? null : reader.GetString(8),
        Payload = reader.IsDBNull(9) ? null : reader.GetString(9),
        CreatedAt = reader.GetInt64(10),
    };
}
