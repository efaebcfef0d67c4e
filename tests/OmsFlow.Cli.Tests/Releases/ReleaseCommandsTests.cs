using System.Text.Json.Nodes;
using OmsFlow.Cli.Releases;

namespace OmsFlow.Cli.Tests.Releases;

public sealed class ReleaseCommandsTests : IAsyncLifetime
{
    private CliServer _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Definitions(string rules) => LimitFlow.Definitions(_server, rules);

    private async Task<bool> PlaceOrderAsync(string id, int total) => (await LimitFlow.PlaceOrderAsync(_server, id, total)).Passed;

    [Fact]
    public async Task Validate_ReportsProblemsWithFileLineAndColumn_AndExitsOne()
    {
        var good = Definitions(LimitFlow.Generous);
        var bad = _server.Write("broken", "workflows/limit-flow.yaml", LimitFlow.Workflow.Replace("activity: RunRules", "activity: RunRulez", StringComparison.Ordinal));

        var valid = await _server.RunAsync("validate", good);
        var invalid = await _server.RunAsync("validate", bad);

        Assert.Equal((ExitCodes.Ok, "2 definition(s) valid"), (valid.ExitCode, valid.Output.Trim()));
        Assert.Equal(ExitCodes.Problems, invalid.ExitCode);
        Assert.Matches(@"workflows/limit-flow\.yaml:\d+:\d+: error [a-z-]+: .*RunRulez", invalid.Error);
    }

    [Fact]
    public async Task Release_Diff_Rehearse_Rollback_TheOpsTour()
    {
        var folder = Definitions(LimitFlow.Generous);

        var released = await _server.RunAsync("release", folder, "--note", "first limits");
        Assert.Equal(ExitCodes.Ok, released.ExitCode);
        Assert.Contains("Release 1 created and active.", released.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing changed", (await _server.RunAsync("release", folder)).Output, StringComparison.Ordinal);
        Assert.True(await PlaceOrderAsync("O-1", 50));
        Assert.True(await PlaceOrderAsync("O-2", 5));

        Definitions(LimitFlow.Strict);
        var diff = await _server.RunAsync("diff", folder);
        Assert.Equal(ExitCodes.Problems, diff.ExitCode);
        Assert.Contains("~ rule 'Limits/Small' expression: order.total < 100 -> order.total < 10", diff.Output, StringComparison.Ordinal);

        var rehearsal = await _server.RunAsync("rehearse", Path.Combine(folder, "rules", "limits.json"), "--orders", "last:1000");
        Assert.Equal(ExitCodes.Problems, rehearsal.ExitCode);
        Assert.Contains("on 2 recorded evaluation(s): the outcome of 1 would change", rehearsal.Output, StringComparison.Ordinal);
        Assert.Contains("O-1", rehearsal.Output, StringComparison.Ordinal);
        Assert.Contains("rule 'Small': passed -> failed", rehearsal.Output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, (await _server.RunAsync("release", Path.Combine(folder, "rules"), "--note", "stricter")).ExitCode);
        Assert.False(await PlaceOrderAsync("O-3", 50));
        var between = await _server.RunAsync("diff", "1", "2", "--json");
        Assert.True(JsonNode.Parse(between.Output)!["hasDifferences"]!.GetValue<bool>());

        var rollback = await _server.RunAsync("rollback", "1");
        Assert.Equal(ExitCodes.Ok, rollback.ExitCode);
        Assert.Contains("Release 3 rolls back to release 1", rollback.Output, StringComparison.Ordinal);
        Assert.True(await PlaceOrderAsync("O-4", 50));
        var list = await _server.RunAsync("releases");
        Assert.Contains("rolled-back", list.Output, StringComparison.Ordinal);
        Assert.Contains("rollback to 1", list.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Problems, (await _server.RunAsync("rollback", "99")).ExitCode);
    }

    [Fact]
    public async Task ExportThenImport_IntoAnotherServer_SecondImportChangesNothing()
    {
        await _server.RunAsync("release", Definitions(LimitFlow.Generous));
        var bundle = Path.Combine(_server.Folder, "release-1.json");
        await using var production = await CliServer.StartAsync();

        var exported = await _server.RunAsync("export", "1", "-o", bundle);
        var imported = await production.RunAsync("import", bundle);
        var again = await production.RunAsync("import", bundle);

        Assert.Equal(ExitCodes.Ok, exported.ExitCode);
        Assert.Contains("Imported as release 1 (active).", imported.Output, StringComparison.Ordinal);
        Assert.Contains("Already imported as release 1", again.Output, StringComparison.Ordinal);
        var hashes = JsonNode.Parse(await File.ReadAllTextAsync(bundle))!["definitions"]!.AsArray().Select(d => d!["hash"]!.GetValue<string>());
        var productionList = JsonNode.Parse((await production.RunAsync("releases", "--json")).Output)!;
        Assert.Equal(hashes.Order(StringComparer.Ordinal), productionList["items"]![0]!["changed"]!.AsArray().Select(i => i!["hash"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Migrate_DryRun_ListsTheInstances()
    {
        await _server.RunAsync("release", Definitions(LimitFlow.Generous));

        var result = await _server.RunAsync("migrate", "--to", "1", "--workflow", "limit-flow", "--dry-run");
        var usage = await _server.RunAsync("migrate", "--to", "1");
        var missingArgument = await _server.RunAsync("rollback");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Dry run: 0 can move to release 1, 0 cannot.", result.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, usage.ExitCode);
        Assert.Equal(ExitCodes.Usage, missingArgument.ExitCode);
        Assert.Contains("Required argument missing for command: 'rollback'", missingArgument.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_WithoutAReachableServerOrAValidKey_ExitThree()
    {
        var unreachable = await CliServer.RunAsAsync("http://127.0.0.1:1", "key", "releases");
        var wrongKey = await CliServer.RunAsAsync(_server.Url, "omsf_wrong", "releases");

        Assert.Equal(ExitCodes.ServerError, unreachable.ExitCode);
        Assert.Contains("cannot reach http://127.0.0.1:1/", unreachable.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ServerError, wrongKey.ExitCode);
        Assert.Contains("API key", wrongKey.Error, StringComparison.Ordinal);
    }
}
