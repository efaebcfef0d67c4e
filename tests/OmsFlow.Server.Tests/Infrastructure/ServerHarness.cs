using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;

namespace OmsFlow.Server.Tests.Infrastructure;

/// <summary>
/// The real server, in this process, listening on a free loopback port with its own SQLite file and
/// definitions folder. Tests talk to it over HTTP only.
/// </summary>
public sealed class ServerHarness : IAsyncDisposable
{
    private readonly string[] _args;
    private WebApplication _app;

    private ServerHarness(WebApplication app, string folder, HttpClient client, string[] args)
    {
        _app = app;
        Folder = folder;
        Client = client;
        _args = args;
    }

    public string Folder { get; }

    /// <summary>Authenticated with <see cref="AdminKey"/>.</summary>
    public HttpClient Client { get; private set; }

    /// <summary>The admin key every harness server is started with (<c>Auth:BootstrapAdminKey</c>).</summary>
    public const string AdminKey = "omsf_test-admin-key-0123456789abcdefghijklmnopqrstuv";

    public Uri BaseAddress => _app.ListeningAddress();

    /// <summary>A client sending <paramref name="key"/> as a bearer token (none if null).</summary>
    public HttpClient CreateClient(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    /// <summary>Creates an API key with <paramref name="roles"/> through the admin API and returns the key.</summary>
    public async Task<string> CreateKeyAsync(string name, params string[] roles)
    {
        var response = await Client.PostAsJsonAsync("/api/keys", new { name, roles });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/keys -> {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["key"]!.GetValue<string>();
    }

    /// <summary>Starts a server whose definitions/workflows folder holds <paramref name="workflows"/> (file name to YAML).</summary>
    public static async Task<ServerHarness> StartAsync(IDictionary<string, string> workflows, params string[] extraArgs)
    {
        var folder = NewFolder();
        var definitions = Path.Combine(folder, "definitions", "workflows");
        Directory.CreateDirectory(definitions);
        foreach (var (name, yaml) in workflows)
        {
            await File.WriteAllTextAsync(Path.Combine(definitions, name), yaml);
        }
        return await LaunchAsync(folder, extraArgs);
    }

    private static async Task<ServerHarness> LaunchAsync(string folder, string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Storage:ConnectionString=Data Source={Path.Combine(folder, "omsflow.db")}",
            "--Storage:SqliteSynchronous=NORMAL",
            $"--Definitions:Path={Path.Combine(folder, "definitions")}",
            "--Engine:TimerPollInterval=00:00:00.050",
            "--Logging:LogLevel:Default=Warning",
            $"--Auth:BootstrapAdminKey={AdminKey}",
            "--RateLimit:PermitsPerSecond=1000000",
            "--RateLimit:Burst=1000000",
            .. extraArgs,
        ];
        var app = await OmsFlowServer.BuildAsync(args);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = app.ListeningAddress(), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        return new ServerHarness(app, folder, client, args);
    }

    /// <summary>
    /// Starts a server on a copy of the repository's definitions/ folder (the reference order flows, rules, tables and
    /// templates), each file passed through <paramref name="adjust"/> (e.g. to shorten a delay for the test).
    /// </summary>
    public static async Task<ServerHarness> StartWithReferenceDefinitionsAsync(Func<string, string, string>? adjust = null, params string[] extraArgs)
    {
        var source = Path.Combine(RepositoryRoot(), "definitions");
        var folder = NewFolder();
        var target = Path.Combine(folder, "definitions");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(destination, adjust is null ? text : adjust(relative.Replace('\\', '/'), text));
        }
        return await LaunchAsync(folder, extraArgs);
    }

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "omsflow-server-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The server's services (for test set-up such as reference data).</summary>
    public IServiceProvider Services => _app.Services;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmsFlow.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("OmsFlow.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Stops the server and starts a new one on the same database and folder (a restart); <see cref="Client"/> follows it.</summary>
    public async Task RestartAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = await OmsFlowServer.BuildAsync(_args);
        await _app.StartAsync();
        Client = CreateClient(AdminKey);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json)
        => Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} -> {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    /// <summary>Polls an instance until its status is one of <paramref name="statuses"/> (bounded).</summary>
    public async Task<JsonObject> WaitForStatusAsync(string instanceId, params string[] statuses)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var instance = await GetJsonAsync($"/api/instances/{instanceId}");
            if (statuses.Contains(instance["status"]!.GetValue<string>()) || DateTime.UtcNow > deadline)
            {
                return instance;
            }
            await Task.Delay(25);
        }
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
