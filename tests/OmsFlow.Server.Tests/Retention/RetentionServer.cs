using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Retention;

/// <summary>A clock that runs with real time but can be set back or forward, so a test can make instances "old".</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

/// <summary>
/// The real server on its own SQLite file (or PostgreSQL database, see <see cref="TestStorage"/>) with a
/// <see cref="ShiftedClock"/> in place of the system clock and retention settings from the test.
/// </summary>
public sealed class RetentionServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RetentionServer(WebApplication app, string folder, ShiftedClock clock)
    {
        _app = app;
        Folder = folder;
        Clock = clock;
        Client = new HttpClient { BaseAddress = app.ListeningAddress(), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServerHarness.AdminKey);
    }

    public string Folder { get; }

    public ShiftedClock Clock { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RetentionServer> StartAsync(IDictionary<string, string> workflows, params string[] retentionArgs)
    {
        var folder = Path.Combine(Path.GetTempPath(), "omsflow-server-tests", Guid.NewGuid().ToString("N"));
        var definitions = Path.Combine(folder, "definitions", "workflows");
        Directory.CreateDirectory(definitions);
        foreach (var (name, yaml) in workflows)
        {
            await File.WriteAllTextAsync(Path.Combine(definitions, name), yaml);
        }
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            .. await TestStorage.ArgumentsAsync(folder),
            $"--Definitions:Path={Path.Combine(folder, "definitions")}",
            "--Engine:TimerPollInterval=00:00:00.050",
            "--Logging:LogLevel:Default=Warning",
            $"--Auth:BootstrapAdminKey={ServerHarness.AdminKey}",
            "--RateLimit:PermitsPerSecond=1000000",
            "--RateLimit:Burst=1000000",
            .. retentionArgs,
        ];
        var clock = new ShiftedClock();
        var app = await OmsFlowServer.BuildAsync(args, services => services.AddSingleton<TimeProvider>(clock));
        await app.StartAsync();
        return new RetentionServer(app, folder, clock);
    }

    /// <summary>Starts a workflow through its hook, running it inline until it ends or first waits; returns the instance id.</summary>
    public async Task<string> RunAsync(string hook, string body = "{}")
    {
        var response = await Client.PostAsync($"/hooks/{hook}?wait=true&timeoutSeconds=0", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /hooks/{hook} -> {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["instanceId"]!.GetValue<string>();
    }

    public async Task<HttpStatusCode> InstanceStatusCodeAsync(string id) => (await Client.GetAsync($"/api/instances/{id}")).StatusCode;

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} -> {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Polls an instance until its status is one of <paramref name="statuses"/> (bounded).</summary>
    public async Task<string> WaitForStatusAsync(string id, params string[] statuses)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = (await GetJsonAsync($"/api/instances/{id}"))["status"]!.GetValue<string>();
            if (statuses.Contains(status) || DateTime.UtcNow > deadline)
            {
                return status;
            }
            await Task.Delay(25);
        }
    }

    public async Task<(HttpStatusCode Status, JsonObject Body)> SweepAsync()
    {
        var response = await Client.PostAsync("/api/retention/sweep", null);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
