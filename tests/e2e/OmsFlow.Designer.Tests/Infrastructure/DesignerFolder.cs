using System.Diagnostics;
using System.Text;

namespace OmsFlow.Designer.Tests.Infrastructure;

/// <summary>The repository's designer/ folder and the npm commands the tests run in it.</summary>
public static class DesignerFolder
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>designer/ found by walking up from the test assembly to the folder holding OmsFlow.sln.</summary>
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "designer");
            if (File.Exists(System.IO.Path.Combine(candidate, "package.json")) && File.Exists(System.IO.Path.Combine(dir.FullName, "OmsFlow.sln")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No designer/package.json above {AppContext.BaseDirectory}; run the tests from the OmsFlow repository.");
    }

    /// <summary>
    /// Runs <c>npm ci</c> once when node_modules is missing or older than package-lock.json, using the same stamp as
    /// designer.targets so a server build and the tests never install twice.
    /// </summary>
    public static async Task EnsurePackagesAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            var stamp = System.IO.Path.Combine(Path, "node_modules", ".omsflow-npm-ci.stamp");
            var lockFile = System.IO.Path.Combine(Path, "package-lock.json");
            if (File.Exists(stamp) && File.GetLastWriteTimeUtc(stamp) >= File.GetLastWriteTimeUtc(lockFile))
            {
                return;
            }

            var install = await RunAsync("npm", "ci --no-audit --no-fund --loglevel=error", TimeSpan.FromMinutes(10));
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed in {Path} (exit code {install.ExitCode}):\n{install.Output}");
            }

            await File.WriteAllTextAsync(stamp, string.Empty);
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Runs a command in designer/ and returns its exit code with stdout and stderr interleaved.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string command,
        string arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["CI"] = "true";
        info.Environment["NO_COLOR"] = "1";
        info.Environment["FORCE_COLOR"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {command}.");
        var output = new StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => { lock (gate) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (gate) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{command} {arguments}' did not finish within {timeout}:\n{output}");
        }

        lock (gate)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
