using OmsFlow.Persistence.Tests.Postgres;

namespace OmsFlow.Server.Tests.Infrastructure;

/// <summary>
/// The database the server tests run on: a SQLite file per server by default (as CI runs them), or PostgreSQL when
/// the environment variable <c>OMSFLOW_TEST_STORAGE=postgres</c> is set: one private PostgreSQL server for the test
/// run (see <see cref="PostgresServer"/>) and a fresh database per test server.
/// </summary>
public static class TestStorage
{
    public const string Variable = "OMSFLOW_TEST_STORAGE";

    private static readonly Lazy<Task<PostgresServer>> Postgres = new(StartPostgresAsync);

    public static bool UsesPostgres => string.Equals(Environment.GetEnvironmentVariable(Variable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The server's <c>Storage</c> settings as command-line arguments, for a new database kept in <paramref name="folder"/> on SQLite.</summary>
    public static async Task<string[]> ArgumentsAsync(string folder)
    {
        if (!UsesPostgres)
        {
            return [$"--Storage:ConnectionString=Data Source={Path.Combine(folder, "omsflow.db")}", "--Storage:SqliteSynchronous=NORMAL"];
        }
        var server = await Postgres.Value.ConfigureAwait(false);
        return ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={await server.CreateDatabaseAsync("server_test").ConfigureAwait(false)}"];
    }

    /// <summary>Every row of <paramref name="table"/> as text, from the PostgreSQL database a server was started on.</summary>
    public static async Task<string> PostgresTableTextAsync(IEnumerable<string> serverArguments, string table)
    {
        const string Prefix = "--Storage:ConnectionString=";
        var connectionString = serverArguments.Single(a => a.StartsWith(Prefix, StringComparison.Ordinal))[Prefix.Length..];
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
#pragma warning disable CA2100 // Test-only: the table name comes from the test's own constant.
        await using var command = new Npgsql.NpgsqlCommand($"SELECT coalesce(string_agg(t::text, ' '), '') FROM {table} t", connection);
#pragma warning restore CA2100
        return (string)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    private static async Task<PostgresServer> StartPostgresAsync()
    {
        var server = await PostgresServer.StartAsync().ConfigureAwait(false);
        // One server serves the whole run; it goes when the test host exits.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
