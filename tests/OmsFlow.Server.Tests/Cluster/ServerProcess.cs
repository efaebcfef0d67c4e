using System.Diagnostics;
using System.Text;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Cluster;

/// <summary>
/// A real OmsFlow server in its own OS process (<c>dotnet OmsFlow.Server.dll</c>) on a free loopback port, with
/// an authenticated client and its output kept for failure messages.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServerHarness.AdminKey);
    }

    /// <summary>Authenticated with the admin key.</summary>
    public HttpClient Client { get; }

    /// <summary>True once the process has ended (killed, or crashed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the server in <paramref name="workingDirectory"/> with <paramref name="settings"/> added to the common test settings.</summary>
    public static ServerProcess Start(string workingDirectory, IEnumerable<string> settings)
    {
        Directory.CreateDirectory(workingDirectory);
        var port = Infrastructure.Ports.Reserve();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        string[] common =
        [
            Path.Combine(AppContext.BaseDirectory, "OmsFlow.Server.dll"), "--urls", $"http://127.0.0.1:{port}",
            "--Logging:LogLevel:Default=Warning",
            $"--Auth:BootstrapAdminKey={ServerHarness.AdminKey}",
            // Every process must read the hook secrets the others stored.
            "--Auth:SecretKey=" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(b => (byte)b).ToArray()),
            "--RateLimit:PermitsPerSecond=100000",
            "--RateLimit:Burst=100000",
        ];
        foreach (var arg in common.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }
        var server = new ServerProcess(Process.Start(start)!, port);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    public async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, "the server process exited during start-up:\n" + Log);
            try
            {
                if ((await Client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        Assert.Fail("the server did not become ready within 60 s:\n" + Log);
    }

    /// <summary>SIGKILL: no shutdown, no flushing; whatever was not committed is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        Client.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
