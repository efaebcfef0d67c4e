using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using OmsFlow.Server;

namespace OmsFlow.Bench.Growth;

/// <summary>The OmsFlow server in this process on a SQLite file in the bench folder, with the bench's workflows.</summary>
internal sealed class GrowthServer : IAsyncDisposable
{
    public const string Key = "omsf_bench-growth-key-0123456789abcdefghijklmnopqrstuvwxyz";

    private readonly WebApplication _app;

    private GrowthServer(WebApplication app, HttpClient client, TimeSpan startup, string breakdown)
    {
        _app = app;
        Client = client;
        Startup = startup;
        Breakdown = breakdown;
    }

    public HttpClient Client { get; }

    /// <summary>From building the host to the first ready answer of <c>/health/ready</c>.</summary>
    public TimeSpan Startup { get; }

    /// <summary>Where the start-up time went: opening storage, building the host, starting it, first ready answer.</summary>
    public string Breakdown { get; }

    public IServiceProvider Services => _app.Services;

    public static string DatabasePath(string folder) => Path.Combine(folder, "omsflow.db");

    public static async Task<GrowthServer> StartAsync(string folder)
    {
        var started = Stopwatch.GetTimestamp();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Storage:ConnectionString=Data Source={DatabasePath(folder)}",
            "--Storage:SqliteSynchronous=NORMAL",
            $"--Definitions:Path={Path.Combine(folder, "definitions")}",
            "--Logging:LogLevel:Default=Warning",
            $"--Auth:BootstrapAdminKey={Key}",
            "--RateLimit:PermitsPerSecond=1000000",
            "--RateLimit:Burst=1000000",
            "--Seed:Enabled=false",
        ];
        var storage = Stopwatch.StartNew();
        await (await OmsFlow.Persistence.Storage.OmsFlowStorage.OpenAsync(new OmsFlow.Persistence.Storage.StorageOptions
        {
            ConnectionString = $"Data Source={DatabasePath(folder)}",
        })).DisposeAsync();
        var storageMs = storage.Elapsed.TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        var app = await OmsFlowServer.BuildAsync(args);
        var built = Stopwatch.GetElapsedTime(started);
        await app.StartAsync();
        var running = Stopwatch.GetElapsedTime(started);
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
        var client = new HttpClient(handler) { BaseAddress = app.ListeningAddress(), Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        while (!(await client.GetAsync("/health/ready")).IsSuccessStatusCode)
        {
            await Task.Delay(5);
        }
        var ready = Stopwatch.GetElapsedTime(started);
        var breakdown = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"build {built.TotalMilliseconds:F0} ms (storage open alone {storageMs:F0} ms), start {(running - built).TotalMilliseconds:F0} ms, ready {(ready - running).TotalMilliseconds:F0} ms");
        return new GrowthServer(app, client, ready, breakdown);
    }

    /// <summary>Writes the bench's workflows: <c>growth</c> (start to end at once) and <c>waiter</c> (waits on hook <c>parcel</c>).</summary>
    public static void WriteDefinitions(string folder)
    {
        var workflows = Path.Combine(folder, "definitions", "workflows");
        Directory.CreateDirectory(workflows);
        File.WriteAllText(Path.Combine(workflows, "growth.yaml"), Workflows.Growth);
        File.WriteAllText(Path.Combine(workflows, "waiter.yaml"), Workflows.Waiter);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}

/// <summary>The workflows the bench runs: an order-like flow with a few steps, and one that waits on an integrator's hook.</summary>
internal static class Workflows
{
    public const string Growth = """
        id: growth
        triggers:
          - hook: growth
            correlation: =orderId
        inputs:
          orderId: { type: string, required: true }
          total: { type: decimal }
        steps:
          validate: { activity: If, inputs: { condition: =orderId != "" }, next: { true: price, false: reject } }
          reject: { activity: Fault, inputs: { message: no order number } }
          price: { activity: SetVariable, inputs: { name: amount, value: =total * 1.2 }, next: tax }
          tax: { activity: SetVariable, inputs: { name: tax, value: =amount * 0.19 }, next: check }
          check: { activity: If, inputs: { condition: =amount > 100 }, next: { true: big, false: small } }
          big: { activity: SetVariable, inputs: { name: lane, value: priority }, next: confirm }
          small: { activity: SetVariable, inputs: { name: lane, value: standard }, next: confirm }
          confirm: { activity: SetVariable, inputs: { name: confirmed, value: true } }
        variables:
          amount: decimal
          tax: decimal
          lane: string
          confirmed: bool
        outputs:
          lane: =lane
        """;

    public const string Waiter = """
        id: waiter
        triggers:
          - hook: waiter
            correlation: =orderId
        inputs:
          orderId: { type: string, required: true }
        steps:
          wait: { activity: WaitForHook, inputs: { path: parcel }, next: done }
          done: { activity: SetVariable, inputs: { name: delivered, value: true } }
        variables:
          delivered: bool
        """;
}
