using Microsoft.Data.Sqlite;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Bench.Growth;

/// <summary>
/// Grows the database with finished instances by plain SQL in large transactions: copies of a real finished instance
/// (its state, input, outputs and journal), each with its own id, order number and time over the last 90 days.
/// </summary>
internal sealed class Filler(InstanceRecord template, IReadOnlyList<JournalRecord> journal)
{
    private const int PerTransaction = 50_000;

    /// <summary>How filled instances ended: nine in ten completed, one in ten cancelled.</summary>
    private static string StatusOf(long n) => (n % 20) switch
    {
        0 or 1 => "Cancelled",
        _ => "Completed",
    };

    /// <summary>Adds instances numbered <paramref name="from"/> up to (not including) <paramref name="to"/>.</summary>
    public void Fill(string databasePath, long from, long to, DateTimeOffset now)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        Execute(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
        var span = TimeSpan.FromDays(90).TotalMilliseconds;
        var oldest = now.ToUnixTimeMilliseconds() - (long)span;
        for (var start = from; start < to; start += PerTransaction)
        {
            using var transaction = connection.BeginTransaction();
            using var instance = connection.CreateCommand();
            instance.Transaction = transaction;
            instance.CommandText =
                "INSERT INTO instances (id, workflow_id, version, status, correlation_key, runnable, state, input, outputs, parent_instance_id, has_incident, revision, created_at, updated_at) " +
                "VALUES ($id, 'growth', $version, $status, $key, 0, $state, $input, $outputs, NULL, 0, 3, $created, $updated)";
            var pId = instance.Parameters.Add("$id", SqliteType.Text);
            var pVersion = instance.Parameters.Add("$version", SqliteType.Integer);
            var pStatus = instance.Parameters.Add("$status", SqliteType.Text);
            var pKey = instance.Parameters.Add("$key", SqliteType.Text);
            instance.Parameters.AddWithValue("$state", template.State);
            instance.Parameters.AddWithValue("$input", (object?)template.Input ?? DBNull.Value);
            instance.Parameters.AddWithValue("$outputs", (object?)template.Outputs ?? DBNull.Value);
            var pCreated = instance.Parameters.Add("$created", SqliteType.Integer);
            var pUpdated = instance.Parameters.Add("$updated", SqliteType.Integer);
            instance.Prepare();

            using var entry = connection.CreateCommand();
            entry.Transaction = transaction;
            entry.CommandText =
                "INSERT INTO journal (instance_id, seq, timestamp, kind, step, activity, outcome, attempt, data) VALUES ($id, $seq, $at, $kind, $step, $activity, $outcome, $attempt, $data)";
            var jId = entry.Parameters.Add("$id", SqliteType.Text);
            var jSeq = entry.Parameters.Add("$seq", SqliteType.Integer);
            var jAt = entry.Parameters.Add("$at", SqliteType.Integer);
            var jKind = entry.Parameters.Add("$kind", SqliteType.Text);
            var jStep = entry.Parameters.Add("$step", SqliteType.Text);
            var jActivity = entry.Parameters.Add("$activity", SqliteType.Text);
            var jOutcome = entry.Parameters.Add("$outcome", SqliteType.Text);
            var jAttempt = entry.Parameters.Add("$attempt", SqliteType.Integer);
            var jData = entry.Parameters.Add("$data", SqliteType.Text);
            entry.Prepare();

            var end = Math.Min(to, start + PerTransaction);
            for (var n = start; n < end; n++)
            {
                // Spread evenly over 90 days, in order, as orders arrive.
                var created = oldest + (long)(span * n / Math.Max(1, to));
                var id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(created)).ToString("N");
                pId.Value = id;
                pVersion.Value = 1 + (n % 3);
                pStatus.Value = StatusOf(n);
                pKey.Value = OrderKey(n);
                pCreated.Value = created;
                pUpdated.Value = created + 1500;
                instance.ExecuteNonQuery();
                foreach (var j in journal)
                {
                    jId.Value = id;
                    jSeq.Value = j.Seq;
                    jAt.Value = created + (j.Timestamp - template.CreatedAt);
                    jKind.Value = j.Kind;
                    jStep.Value = (object?)j.Step ?? DBNull.Value;
                    jActivity.Value = (object?)j.Activity ?? DBNull.Value;
                    jOutcome.Value = (object?)j.Outcome ?? DBNull.Value;
                    jAttempt.Value = j.Attempt;
                    jData.Value = (object?)j.Data ?? DBNull.Value;
                    entry.ExecuteNonQuery();
                }
            }
            transaction.Commit();
        }
        // No ANALYZE: a production database has no planner statistics either, so plans must hold without them.
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    /// <summary>The order number (correlation key) of filled instance <paramref name="n"/>.</summary>
    public static string OrderKey(long n) => "ORD-" + n.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Bench-only: constant pragmas.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }
}
