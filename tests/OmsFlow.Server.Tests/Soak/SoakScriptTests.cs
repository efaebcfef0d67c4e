using System.Diagnostics;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Soak;

/// <summary>
/// The soak script (tests/soak/soak.py) for about a minute on SQLite: real server processes killed with SIGKILL and
/// the real SMTP server killed and restarted while orders run, then the script's invariant checks. CI runs it so the
/// script keeps working; longer runs (minutes, PostgreSQL with three processes) are run by hand.
/// </summary>
[Collection(SerialProcessTests.Name)]
public sealed class SoakScriptTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task SoakScript_OneMinuteOnSqliteWithKills_AllInvariantsHold()
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var arg in new[]
        {
            Path.Combine(Repository.Root, "tests", "soak", "soak.py"),
            "--server-dll", Path.Combine(AppContext.BaseDirectory, "OmsFlow.Server.dll"),
            "--provider", "sqlite", "--minutes", "1", "--orders", "40", "--quiesce-seconds", "240", "--seed", "20261123",
        })
        {
            start.ArgumentList.Add(arg);
        }
        using var soak = Process.Start(start)!;
        var output = soak.StandardOutput.ReadToEndAsync();
        var errors = soak.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await soak.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // Ends the script with its children (server processes, SMTP server, PostgreSQL) so nothing outlives the test.
            soak.Kill(entireProcessTree: true);
            Assert.Fail($"the soak script did not finish within {Limit}:\n{await output}\n{await errors}");
        }
        var report = await output + await errors;
        Assert.True(soak.ExitCode == 0, $"the soak script exited with {soak.ExitCode}:\n{report}");
        Assert.Contains("All invariants hold", report, StringComparison.Ordinal);
        Assert.Contains("kill ", report, StringComparison.Ordinal);
        Assert.Contains("orders submitted: 40", report, StringComparison.Ordinal);
    }
}
