using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

// Hook latency and throughput: starts OmsFlow.Server as its own process on loopback, then drives POST /hooks/bench
// (async accept, 202) from this process. Phase 1 is open-loop at a fixed rate (latency p50/p99 at that rate);
// phase 2 is closed-loop with N concurrent senders (accepted hooks per second).
// Usage: dotnet run -c Release --project tests/bench/OmsFlow.Bench.Hooks -- [rate=1000] [seconds=10] [concurrency=32] [--Server:Setting=value ...]
// Arguments starting with -- go to the server, to compare settings in one session (e.g. --Storage:SqliteBackgroundCheckpoint=false).
var numbers = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var serverSettings = args.Skip(numbers.Length).ToArray();
var rate = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 1000;
var seconds = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 10;
var concurrency = numbers.Length > 2 ? int.Parse(numbers[2], CultureInfo.InvariantCulture) : 32;
const string Key = "omsf_bench-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

var folder = Path.Combine(Path.GetTempPath(), "omsflow-bench-hooks", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(Path.Combine(folder, "definitions", "workflows"));
await File.WriteAllTextAsync(Path.Combine(folder, "definitions", "workflows", "bench.yaml"), """
    id: bench
    triggers:
      - hook: bench
        correlation: =orderId
    inputs:
      orderId: { type: string, required: true }
    steps:
      note: { activity: SetVariable, inputs: { name: seen, value: true } }
    variables:
      seen: bool
    """);
var port = FreePort();
using var server = StartServer(folder, port, serverSettings);
try
{
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
    using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    await WaitReadyAsync(client, server);
    Console.WriteLine($"OmsFlow.Server pid {server.Id} on 127.0.0.1:{port}; load generator pid {Environment.ProcessId}; {Environment.ProcessorCount} cores; " +
        $"server settings: {(serverSettings.Length == 0 ? "defaults" : string.Join(' ', serverSettings))}");

    var counter = 0;
    Task<(HttpStatusCode Status, double Ms)> SendOne()
    {
        var n = Interlocked.Increment(ref counter);
        return TimedPostAsync(client, $$"""{"orderId":"B-{{n}}","lines":[{"sku":"SKU-{{n % 50}}","qty":1}]}""");
    }

    await OpenLoopAsync(SendOne, rate, TimeSpan.FromSeconds(Math.Min(3, seconds)));
    var open = await OpenLoopAsync(SendOne, rate, TimeSpan.FromSeconds(seconds));
    Report($"open loop at {rate} req/s for {seconds} s", open, seconds);

    var closed = await ClosedLoopAsync(SendOne, concurrency, TimeSpan.FromSeconds(seconds));
    Report($"closed loop, {concurrency} concurrent senders for {seconds} s", closed, seconds);
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
    try
    {
        Directory.Delete(folder, recursive: true);
    }
    catch (IOException)
    {
        // Left for the OS temp cleaner.
    }
}

static async Task<(HttpStatusCode Status, double Ms)> TimedPostAsync(HttpClient client, string json)
{
    var started = Stopwatch.GetTimestamp();
    try
    {
        using var response = await client.PostAsync("/hooks/bench", new StringContent(json, Encoding.UTF8, "application/json"));
        await response.Content.LoadIntoBufferAsync();
        return (response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    catch (HttpRequestException)
    {
        return (0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

// Sends at a fixed rate whatever the responses do (no coordinated omission from waiting on slow answers).
static async Task<List<(HttpStatusCode Status, double Ms)>> OpenLoopAsync(Func<Task<(HttpStatusCode, double)>> send, int rate, TimeSpan duration)
{
    var inFlight = new List<Task<(HttpStatusCode, double)>>(rate * (int)duration.TotalSeconds);
    var clock = Stopwatch.StartNew();
    long sent = 0;
    while (clock.Elapsed < duration)
    {
        var due = (long)(clock.Elapsed.TotalSeconds * rate);
        for (; sent < due; sent++)
        {
            inFlight.Add(send());
        }
        await Task.Delay(1);
    }
    return [.. await Task.WhenAll(inFlight)];
}

static async Task<List<(HttpStatusCode Status, double Ms)>> ClosedLoopAsync(Func<Task<(HttpStatusCode, double)>> send, int concurrency, TimeSpan duration)
{
    var clock = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        var results = new List<(HttpStatusCode, double)>();
        while (clock.Elapsed < duration)
        {
            results.Add(await send());
        }
        return results;
    });
    return [.. (await Task.WhenAll(workers)).SelectMany(r => r)];
}

static void Report(string title, List<(HttpStatusCode Status, double Ms)> results, int seconds)
{
    var accepted = results.Where(r => r.Status == HttpStatusCode.Accepted).Select(r => r.Ms).Order().ToArray();
    double Percentile(double p) => accepted.Length == 0 ? double.NaN : accepted[Math.Min(accepted.Length - 1, (int)Math.Ceiling(p * accepted.Length) - 1)];
    var failed = results.Count - accepted.Length;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{title}: {results.Count} requests, {accepted.Length} accepted ({accepted.Length / (double)seconds:F0}/s), {failed} not accepted; " +
        $"latency ms p50 {Percentile(0.50):F2}, p90 {Percentile(0.90):F2}, p99 {Percentile(0.99):F2}, max {(accepted.Length == 0 ? double.NaN : accepted[^1]):F2}"));
}

static Process StartServer(string folder, int port, string[] settings)
{
    var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
    string[] arguments =
    [
        Path.Combine(AppContext.BaseDirectory, "OmsFlow.Server.dll"), "--urls", $"http://127.0.0.1:{port}",
        $"--Storage:ConnectionString=Data Source={Path.Combine(folder, "omsflow.db")}",
        $"--Definitions:Path={Path.Combine(folder, "definitions")}",
        "--Logging:LogLevel:Default=Warning",
        $"--Auth:BootstrapAdminKey={Key}",
        "--RateLimit:PermitsPerSecond=1000000", "--RateLimit:Burst=1000000",
        .. settings,
    ];
    foreach (var arg in arguments)
    {
        start.ArgumentList.Add(arg);
    }
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) =>
    {
        if (e.Data is not null)
        {
            Console.Error.WriteLine("server: " + e.Data);
        }
    };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitReadyAsync(HttpClient client, Process server)
{
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (DateTime.UtcNow < deadline && !server.HasExited)
    {
        try
        {
            if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
        }
        await Task.Delay(100);
    }
    throw new InvalidOperationException("OmsFlow.Server did not become ready within 60 s.");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
