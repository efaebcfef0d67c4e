using System.Text.Json.Nodes;
using OmsFlow.Cli.Releases;

namespace OmsFlow.Cli.Tests.Releases;

/// <summary>Environment variables are process-wide: these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(BackendEnvironment), DisableParallelization = true)]
public sealed class BackendEnvironment;

/// <summary>Where the release commands act when <c>OMSFLOW_DATABASE</c> / <c>OMSFLOW_SERVER</c> are set: a flag wins over its variable.</summary>
[Collection(nameof(BackendEnvironment))]
public sealed class BackendEnvironmentTests : IAsyncLifetime
{
    private CliServer _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync();

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("OMSFLOW_DATABASE", null);
        Environment.SetEnvironmentVariable("OMSFLOW_SERVER", null);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task DatabaseVariable_SelectsLocalMode_FlagsWin_AndBothVariablesAreAUsageError()
    {
        await _server.RunAsync("release", LimitFlow.Definitions(_server, LimitFlow.Generous), "--note", "over http");
        Environment.SetEnvironmentVariable("OMSFLOW_DATABASE", _server.Database);

        var local = await CliServer.RunRawAsync("releases", "--json");
        var flagWins = await CliServer.RunRawAsync("releases", "--server", "http://127.0.0.1:1", "--api-key", "k");
        Environment.SetEnvironmentVariable("OMSFLOW_SERVER", _server.Url);
        var both = await CliServer.RunRawAsync("releases");
        var databaseFlagWins = await CliServer.RunRawAsync("releases", "--json", "--database", _server.Database);

        Assert.Equal(ExitCodes.Ok, local.ExitCode);
        Assert.Equal("over http", JsonNode.Parse(local.Output)!["items"]![0]!["note"]!.GetValue<string>());
        Assert.Equal(ExitCodes.Unavailable, flagWins.ExitCode);
        Assert.Contains("cannot reach http://127.0.0.1:1/", flagWins.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        Assert.Contains("OMSFLOW_SERVER and OMSFLOW_DATABASE are both set", both.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, databaseFlagWins.ExitCode);
    }
}
