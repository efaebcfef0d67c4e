using Npgsql;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Persistence.Tests.Postgres;
using OmsFlow.Workflows.Retention;

namespace OmsFlow.Server.Tests.Retention;

/// <summary>Server processes sharing one PostgreSQL database: one sweeps at a time.</summary>
public sealed class ClusterRetentionTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sweep_WhileAnotherProcessSweeps_DoesNotRun_ThenRunsOnceItIsDone()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync("retention");
        var settings = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString };
        await using var storage = await OmsFlowStorage.OpenAsync(settings);
        await using (var context = storage.CreateContext())
        {
            var old = Now.AddDays(-40).ToUnixTimeMilliseconds();
            context.Instances.Add(new InstanceRecord { Id = "old", WorkflowId = "w", Status = "Completed", State = "{}", CreatedAt = old, UpdatedAt = old });
            context.Journal.Add(new JournalRecord { InstanceId = "old", Seq = 1, Kind = "instanceStarted", Timestamp = old });
            await context.SaveChangesAsync();
        }
        var retention = new InstanceRetention(storage, new RetentionOptions { FinishedInstanceAge = TimeSpan.FromDays(30) }, new FixedClock(Now));

        RetentionSweepResult whileLocked;
        await using (var otherProcess = new NpgsqlConnection(connectionString))
        {
            await otherProcess.OpenAsync();
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", otherProcess);
            take.Parameters.AddWithValue("key", InstanceRetention.SweepLockKey);
            await take.ExecuteNonQueryAsync();

            whileLocked = await retention.SweepAsync();

            // The other process's sweep ends.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", otherProcess);
            release.Parameters.AddWithValue("key", InstanceRetention.SweepLockKey);
            await release.ExecuteNonQueryAsync();
        }
        var afterwards = await retention.SweepAsync();

        Assert.False(whileLocked.Ran);
        Assert.Contains("another server process", whileLocked.Reason, StringComparison.Ordinal);
        Assert.Equal(0, whileLocked.Instances);
        Assert.True(afterwards.Ran, afterwards.Reason);
        Assert.Equal(1, afterwards.Instances);
        Assert.Equal(1, afterwards.JournalEntries);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
