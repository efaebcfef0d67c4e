using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Server.Tests.Retention;

/// <summary>What keeps the instance list flat as finished instances pile up (the growth bench's fixes).</summary>
public sealed class GrowthTests
{
    [Fact]
    public async Task InstanceList_WithMoreMatchesThanTheCountCap_CountsToTheCapAndSaysSo()
    {
        await using var server = await RetentionServer.StartAsync(new Dictionary<string, string>());
        await using (var context = server.Services.GetRequiredService<OmsFlowStorage>().CreateContext())
        {
            await context.Database.OpenConnectionAsync();
            await using var transaction = await context.Database.BeginTransactionAsync();
            await using var insert = context.Database.GetDbConnection().CreateCommand();
            insert.Transaction = Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(transaction);
            insert.CommandText = "INSERT INTO instances (id, workflow_id, version, status, correlation_key, runnable, state, has_incident, revision, created_at, updated_at) " +
                "VALUES (@id, 'filled', 1, 'Completed', @key, false, '{}', false, 1, @at, @at)";
            var id = Parameter(insert, "id");
            var key = Parameter(insert, "key");
            var at = Parameter(insert, "at");
            for (var n = 0; n <= 10_000; n++)
            {
                id.Value = $"filled-{n:D6}";
                key.Value = $"ORD-{n}";
                at.Value = 1_700_000_000_000L + n;
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }

        var all = await server.GetJsonAsync("/api/instances?pageSize=5");
        var one = await server.GetJsonAsync("/api/instances?correlationKey=ORD-77");

        Assert.Equal(10_000, all["total"]!.GetValue<int>());
        Assert.True(all["totalCapped"]!.GetValue<bool>());
        Assert.Equal("filled-010000", all["items"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(5, all["items"]!.AsArray().Count);
        Assert.Equal(1, one["total"]!.GetValue<int>());
        Assert.False(one["totalCapped"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("WHERE status = 'Cancelled' ", "IX_instances_status_created_at_id")]
    [InlineData("", "IX_instances_created_at_id")]
    public async Task InstanceList_NewestFirstPage_ReadsAnIndexInOrderWithoutSorting(string filter, string index)
    {
        var folder = Path.Combine(Path.GetTempPath(), "omsflow-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var connectionString = $"Data Source={Path.Combine(folder, "plan.db")}";
        try
        {
            await (await OmsFlowStorage.OpenAsync(new StorageOptions { ConnectionString = connectionString })).DisposeAsync();
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var explain = connection.CreateCommand();
#pragma warning disable CA2100 // Test-only: the filter is one of the test's constants.
            explain.CommandText = "EXPLAIN QUERY PLAN SELECT * FROM instances " + filter + "ORDER BY created_at DESC, id DESC LIMIT 50 OFFSET 0";
#pragma warning restore CA2100
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            Assert.Contains(plan, step => step.Contains(index, StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
