using OmsFlow.Cli.Releases;

namespace OmsFlow.Cli.Tests.Releases;

/// <summary><c>omsflow validate PATH --offline</c>: checks definition files with no server and no database (a CI step).</summary>
public sealed class OfflineValidateTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omsflow-offline-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ReferenceDefinitions_AreValidOffline()
    {
        var (exitCode, output, error) = await CliServer.RunRawAsync("validate", RepositoryFolders.Definitions, "--offline");

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.Matches(@"^\d+ definition\(s\) valid", output.Trim());
    }

    [Fact]
    public async Task BrokenWorkflow_ExitsOneNamingFileLineAndColumn_AndLeavesNoScratchDatabase()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "workflows"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "workflows", "x.yaml"), "id: x\nsteps:\n  a: { activity: NoSuch }\n");
        var scratch = Path.Combine(Path.GetTempPath(), "omsflow-offline");
        var before = Directory.Exists(scratch) ? Directory.GetDirectories(scratch).Length : 0;

        var (exitCode, _, error) = await CliServer.RunRawAsync("validate", _folder, "--offline", "--json");

        Assert.Equal(ExitCodes.Problems, exitCode);
        var (textExit, _, text) = await CliServer.RunRawAsync("validate", _folder, "--offline");
        Assert.Equal(ExitCodes.Problems, textExit);
        Assert.Contains("workflows/x.yaml:3:8: error unknown-activity", text, StringComparison.Ordinal);
        Assert.Equal(before, Directory.Exists(scratch) ? Directory.GetDirectories(scratch).Length : 0);
        Assert.Empty(error);
    }

    [Fact]
    public async Task OfflineWithAServerOrADatabase_IsAUsageError()
    {
        var server = await CliServer.RunRawAsync("validate", RepositoryFolders.Definitions, "--offline", "--server", "http://127.0.0.1:1");
        var database = await CliServer.RunRawAsync("validate", RepositoryFolders.Definitions, "--offline", "--database", "x.db");

        Assert.Equal(ExitCodes.Usage, server.ExitCode);
        Assert.Equal(ExitCodes.Usage, database.ExitCode);
        Assert.Contains("--offline checks the files on their own", server.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
