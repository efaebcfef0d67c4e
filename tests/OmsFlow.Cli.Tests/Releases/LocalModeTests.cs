using System.Text.Json.Nodes;
using OmsFlow.Cli.Releases;

namespace OmsFlow.Cli.Tests.Releases;

/// <summary>
/// The release commands with <c>--database</c>: in-process on the SQLite file of a server that keeps running, and on
/// fresh files, with the same output, JSON and exit codes as against a server.
/// </summary>
public sealed class LocalModeTests : IAsyncLifetime
{
    private CliServer _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<(int ExitCode, string Output, string Error)> LocalAsync(params string[] args) => CliServer.RunLocalAsync(_server.Database, args);

    private string Scratch(string name) => Path.Combine(_server.Folder, name);

    [Fact]
    public async Task ReleaseDiffRehearseRollback_OnTheDatabaseOfARunningServer_TheServerSeesThem()
    {
        var folder = LimitFlow.Definitions(_server, LimitFlow.Generous);
        Assert.Equal(ExitCodes.Ok, (await _server.RunAsync("release", folder, "--note", "first limits")).ExitCode);
        var (passed, _) = await LimitFlow.PlaceOrderAsync(_server, "O-1", 50);
        await LimitFlow.PlaceOrderAsync(_server, "O-2", 5);
        Assert.True(passed);

        LimitFlow.Definitions(_server, LimitFlow.Strict);
        var validate = await LocalAsync("validate", folder);
        var diff = await LocalAsync("diff", folder);
        var rehearsal = await LocalAsync("rehearse", Path.Combine(folder, "rules", "limits.json"), "--orders", "last:1000");
        var released = await LocalAsync("release", Path.Combine(folder, "rules"), "--note", "stricter, from the CLI");

        Assert.Equal((ExitCodes.Ok, "2 definition(s) valid"), (validate.ExitCode, validate.Output.Trim()));
        Assert.Equal(ExitCodes.Problems, diff.ExitCode);
        Assert.Contains("~ rule 'Limits/Small' expression: order.total < 100 -> order.total < 10", diff.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Problems, rehearsal.ExitCode);
        Assert.Contains("on 2 recorded evaluation(s): the outcome of 1 would change", rehearsal.Output, StringComparison.Ordinal);
        Assert.Contains("O-1", rehearsal.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("O-2", rehearsal.Output, StringComparison.Ordinal);
        Assert.Contains("rule 'Small': passed -> failed", rehearsal.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, released.ExitCode);
        Assert.Contains("Release 2 created and active.", released.Output, StringComparison.Ordinal);

        using var client = LimitFlow.Client(_server);
        var active = JsonNode.Parse(await client.GetStringAsync("/api/releases/active"))!;
        Assert.Equal(2, active["id"]!.GetValue<int>());
        Assert.StartsWith("omsflow cli", active["createdBy"]!.GetValue<string>(), StringComparison.Ordinal);
        var audit = JsonNode.Parse(await client.GetStringAsync("/api/audit?action=release.create"))!.AsArray();
        Assert.Contains(audit, e => e!["actor"]!.GetValue<string>().StartsWith("omsflow cli", StringComparison.Ordinal));

        var rollback = await LocalAsync("rollback", "1");
        var list = await LocalAsync("releases", "--json");
        Assert.Equal(ExitCodes.Ok, rollback.ExitCode);
        Assert.Contains("Release 3 rolls back to release 1", rollback.Output, StringComparison.Ordinal);
        var items = JsonNode.Parse(list.Output)!["items"]!.AsArray();
        Assert.Equal([3, 2, 1], items.Select(i => i!["id"]!.GetValue<int>()));
        Assert.Equal(["active", "rolled-back", "superseded"], items.Select(i => i!["state"]!.GetValue<string>()));
        Assert.Equal(ExitCodes.Problems, (await LocalAsync("rollback", "99")).ExitCode);
        Assert.Equal(3, JsonNode.Parse(await client.GetStringAsync("/api/releases/active"))!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Release_OfANewHookPath_OnTheDatabase_TheRunningServerRoutesIt()
    {
        var folder = LimitFlow.Definitions(_server, LimitFlow.Generous);
        using var client = LimitFlow.Client(_server);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.PostAsync("/hooks/limits", OrderBody("O-0"))).StatusCode);

        Assert.Equal(ExitCodes.Ok, (await LocalAsync("release", folder, "--note", "a new hook, released beside the server")).ExitCode);

        // The server raises no event for a release made in another process; it notices the new active release on its
        // own, within seconds, so the hook answers once it has.
        var status = System.Net.HttpStatusCode.NotFound;
        for (var tries = 0; tries < 100 && status == System.Net.HttpStatusCode.NotFound; tries++)
        {
            await Task.Delay(100);
            status = (await client.PostAsync("/hooks/limits", OrderBody("O-1"))).StatusCode;
        }
        Assert.Equal(System.Net.HttpStatusCode.Accepted, status);
    }

    private static StringContent OrderBody(string id) => new($$"""{"id":"{{id}}","total":5}""", System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task ExportThenImport_IntoAFreshDatabase_KeepsTheHashes_AndASecondImportChangesNothing()
    {
        await LocalAsync("release", LimitFlow.Definitions(_server, LimitFlow.Generous), "--note", "staging");
        var bundle = Scratch("release-1.json");
        var production = Scratch("production.db");

        var exported = await LocalAsync("export", "1", "-o", bundle);
        var imported = await CliServer.RunLocalAsync(production, "import", bundle);
        var again = await CliServer.RunLocalAsync(production, "import", bundle, "--json");

        Assert.Equal(ExitCodes.Ok, exported.ExitCode);
        Assert.Contains("Imported as release 1 (active).", imported.Output, StringComparison.Ordinal);
        var second = JsonNode.Parse(again.Output)!;
        Assert.Equal((ExitCodes.Ok, 1, false), (again.ExitCode, second["id"]!.GetValue<int>(), second["created"]!.GetValue<bool>()));
        var hashes = JsonNode.Parse(await File.ReadAllTextAsync(bundle))!["definitions"]!.AsArray().Select(d => d!["hash"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        var staging = JsonNode.Parse((await LocalAsync("releases", "--json")).Output)!["items"]![0]!;
        var imports = JsonNode.Parse((await CliServer.RunLocalAsync(production, "releases", "--json")).Output)!["items"]!.AsArray();
        Assert.Single(imports);
        Assert.Equal(hashes, imports[0]!["changed"]!.AsArray().Select(i => i!["hash"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(staging["bundleHash"]!.GetValue<string>(), imports[0]!["bundleHash"]!.GetValue<string>());
        Assert.Equal(ExitCodes.Ok, (await CliServer.RunLocalAsync(production, "diff", LimitFlow.Definitions(_server, LimitFlow.Generous))).ExitCode);
    }

    [Fact]
    public async Task Diff_OfATable_ReadsLikeAChangelog_WithoutJsonEscapes()
    {
        const string Carriers = """
            name: carriers
            hitPolicy: FIRST
            inputs:
              - { name: country, expression: shipment.country }
            outputs:
              - name: carrier
            rules:
              - ['"NL"', 'PostNL']
              - ['"DE"', 'DHL']
              - ['-', 'UPS']
            """;
        var folder = _server.Write("tables-v1", "tables/carriers.yaml", Carriers);
        Assert.Equal(ExitCodes.Ok, (await LocalAsync("release", folder)).ExitCode);
        _server.Write("tables-v1", "tables/carriers.yaml", Carriers.Replace("'DHL'", "'DPD'", StringComparison.Ordinal)
            .Replace("  - ['-', 'UPS']", "  - ['\"BE\"', 'bpost']\n  - ['-', 'UPS']", StringComparison.Ordinal));

        var diff = await LocalAsync("diff", folder);

        Assert.Equal(ExitCodes.Problems, diff.ExitCode);
        Assert.Contains("Changes from release 1 to", diff.Output, StringComparison.Ordinal);
        Assert.Contains("Decision tables", diff.Output, StringComparison.Ordinal);
        Assert.Contains("~ row 2 carrier: DHL -> DPD", diff.Output, StringComparison.Ordinal);
        Assert.Contains("+ row 3: country = \"BE\", carrier = bpost", diff.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0022", diff.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateDryRun_ListsEachInstance_WithWhyItCannotMove_AsJson()
    {
        await _server.RunAsync("release", LimitFlow.Definitions(_server, LimitFlow.Generous));
        var (_, instance) = await LimitFlow.PlaceOrderAsync(_server, "O-7", 20);

        var dryRun = await LocalAsync("migrate", "--to", "1", "--instance", instance, "--dry-run", "--json");
        var text = await LocalAsync("migrate", "--to", "1", "--workflow", "limit-flow", "--dry-run");
        var unknown = await LocalAsync("migrate", "--to", "42", "--workflow", "limit-flow", "--dry-run");

        Assert.Equal(ExitCodes.Problems, dryRun.ExitCode);
        var report = JsonNode.Parse(dryRun.Output)!;
        Assert.Equal((1, true, 0, 1), (report["to"]!.GetValue<int>(), report["dryRun"]!.GetValue<bool>(), report["movable"]!.GetValue<int>(), report["blocked"]!.GetValue<int>()));
        var only = report["instances"]!.AsArray().Single()!;
        Assert.Equal((instance, "limit-flow", false), (only["id"]!.GetValue<string>(), only["workflowId"]!.GetValue<string>(), only["canMove"]!.GetValue<bool>()));
        Assert.Contains("the instance has ended (Completed)", only["reasons"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Contains("Dry run: 0 can move to release 1, 0 cannot.", text.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Problems, unknown.ExitCode);
        Assert.Contains("Release 42 does not exist", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerAndDatabaseTogether_OrAMissingDatabase_AreUsageErrors()
    {
        var both = await CliServer.RunRawAsync("releases", "--server", _server.Url, "--database", _server.Database);
        var missing = await CliServer.RunLocalAsync(Scratch("no-such.db"), "releases");
        var provider = await CliServer.RunRawAsync("releases", "--database", _server.Database, "--provider", "Oracle");
        var key = await CliServer.RunRawAsync("releases", "--database", _server.Database, "--api-key", "omsf_x");
        var notAFile = await CliServer.RunLocalAsync(_server.Folder, "release", LimitFlow.Definitions(_server, LimitFlow.Generous));
        var badConnection = await CliServer.RunLocalAsync("Data Source=x.db;Flavour=strawberry", "releases");
        var postgresPath = await CliServer.RunRawAsync("releases", "--database", _server.Database, "--provider", "Postgres");

        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        Assert.Contains("--server URL or --database PATH, not both", both.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("there is no database at", missing.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Scratch("no-such.db")));
        Assert.Equal(ExitCodes.Usage, provider.ExitCode);
        Assert.Equal(ExitCodes.Usage, key.ExitCode);
        Assert.Equal(ExitCodes.Unavailable, notAFile.ExitCode);
        Assert.Contains("cannot open database", notAFile.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, badConnection.ExitCode);
        Assert.Contains("is not a usable connection string", badConnection.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, postgresPath.ExitCode);
        Assert.Contains("for Postgres give a connection string", postgresPath.Error, StringComparison.Ordinal);
    }
}
