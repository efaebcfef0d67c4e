using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace OmsFlow.Bench.Orders.Processes;

/// <summary>One real OmsFlow server process (<c>dotnet OmsFlow.Server.dll</c>) on a loopback port, with an admin client.</summary>
internal sealed class ServerNode : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key-0123456789abcdef0123456789";

    private static readonly Lock LogLock = new();

    private readonly Process _process;

    private ServerNode(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public HttpClient Client { get; }

    /// <summary>Starts a server in <paramref name="folder"/> with <paramref name="settings"/> and waits until it is ready.</summary>
    public static async Task<ServerNode> StartAsync(string folder, IEnumerable<string> settings)
    {
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "OmsFlow.Server.dll"), "--urls", $"http://127.0.0.1:{port}",
            "--Logging:LogLevel:Default=Warning", $"--Auth:BootstrapAdminKey={AdminKey}",
            // Every process reads the secrets the others stored.
            "--Auth:SecretKey=" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(b => (byte)b).ToArray()),
            "--RateLimit:PermitsPerSecond=1000000", "--RateLimit:Burst=1000000",
        }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        var log = Path.Combine(folder, "server.log");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new ServerNode(process, port);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited during start-up; see {log}.");
            }
            try
            {
                if ((await node.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return node;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        await node.DisposeAsync();
        throw new TimeoutException($"The server was not ready within 2 minutes; see {log}.");
    }

    /// <summary>Engine commit transactions this process wrote (<c>omsflow_storage_commits_total</c> in /metrics).</summary>
    public async Task<long> CommitsAsync()
    {
        var text = await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var line = text.Split('\n').First(l => l.StartsWith("omsflow_storage_commits_total ", StringComparison.Ordinal));
        return (long)double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        Client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Append(string path, string? line)
    {
        if (line is not null)
        {
            lock (LogLock)
            {
                File.AppendAllText(path, line + Environment.NewLine);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
