using Npgsql;

namespace OmsFlow.Server.Tests.Cluster;

/// <summary>Reads a cluster test's PostgreSQL database directly, to check what the processes committed.</summary>
internal static class ClusterDatabase
{
    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // Test-only constant queries.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
