using System.Text.Json.Nodes;
using OmsFlow.Cli.Releases;
using OmsFlow.Persistence.Tests.Postgres;

namespace OmsFlow.Cli.Tests.Releases;

/// <summary>The release commands with <c>--database CONNSTRING --provider Postgres</c> on a real PostgreSQL server.</summary>
public sealed class PostgresLocalModeTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omsflow-cli-tests", Guid.NewGuid().ToString("N"));
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _postgres = await PostgresServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _postgres.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow filesystem is left for the OS temp cleaner.
        }
    }

    [Fact]
    public async Task ReleaseExportImport_BetweenTwoPostgresDatabases_MigratesTheSchemaAndKeepsTheHashes()
    {
        var staging = await _postgres.CreateDatabaseAsync("staging");
        var production = await _postgres.CreateDatabaseAsync("production");
        var rules = Path.Combine(_folder, "definitions", "rules");
        Directory.CreateDirectory(rules);
        await File.WriteAllTextAsync(Path.Combine(rules, "limits.json"), LimitFlow.Generous);
        var bundle = Path.Combine(_folder, "bundle.json");

        var released = await Postgres(staging, "release", rules, "--note", "on postgres");
        var exported = await Postgres(staging, "export", "1", "-o", bundle);
        var imported = await Postgres(production, "import", bundle);
        var again = await Postgres(production, "import", bundle);
        var list = await Postgres(production, "releases", "--json");
        var diff = await Postgres(production, "diff", rules);

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (released.ExitCode, exported.ExitCode));
        Assert.Contains("Imported as release 1 (active).", imported.Output, StringComparison.Ordinal);
        Assert.Contains("Already imported as release 1", again.Output, StringComparison.Ordinal);
        var item = JsonNode.Parse(list.Output)!["items"]!.AsArray().Single()!["changed"]!.AsArray().Single()!;
        var hash = JsonNode.Parse(await File.ReadAllTextAsync(bundle))!["definitions"]![0]!["hash"]!.GetValue<string>();
        Assert.Equal(("limits", hash), (item["id"]!.GetValue<string>(), item["hash"]!.GetValue<string>()));
        Assert.Equal(ExitCodes.Ok, diff.ExitCode);
    }

    private static Task<(int ExitCode, string Output, string Error)> Postgres(string connectionString, params string[] args)
        => CliServer.RunRawAsync([.. args, "--database", connectionString, "--provider", "Postgres"]);
}
