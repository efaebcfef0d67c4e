using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using OmsFlow.Server;

namespace OmsFlow.Designer.Tests.Infrastructure;

/// <summary>
/// The real OmsFlow server in this process on a free loopback port, with its own SQLite file and a copy of the
/// repository's rule sets, tables and templates. It serves the designer build found beside the test binaries
/// (wwwroot), so the browser talks to the real API exactly as in production.
/// </summary>
public sealed class DesignerServer : IAsyncDisposable
{
    /// <summary>The admin key the server is started with (<c>Auth:BootstrapAdminKey</c>).</summary>
    public const string AdminKey = "omsf_e2e-admin-key-0123456789abcdefghijklmnopqrstuvw";

    private readonly WebApplication _app;

    private DesignerServer(WebApplication app, string folder)
    {
        _app = app;
        Folder = folder;
        Client = new HttpClient { BaseAddress = app.ListeningAddress(), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public string Folder { get; }

    /// <summary>The server's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress => _app.ListeningAddress();

    /// <summary>An HTTP client authenticated with <see cref="AdminKey"/>, for what a test does outside the browser (hooks, seeding).</summary>
    public HttpClient Client { get; }

    /// <summary>Starts a server; <paramref name="repositoryDefinitions"/> is the repository's definitions/ folder to copy rules, tables and templates from.</summary>
    public static async Task<DesignerServer> StartAsync(string repositoryDefinitions)
    {
        var folder = Path.Combine(Path.GetTempPath(), "omsflow-designer-e2e", Guid.NewGuid().ToString("N"));
        var definitions = Path.Combine(folder, "definitions");
        // Workflows are built in the tests; the reference rule sets, tables and templates give the editors real content.
        foreach (var kind in new[] { "rules", "tables", "templates" })
        {
            Copy(Path.Combine(repositoryDefinitions, kind), Path.Combine(definitions, kind));
        }
        Directory.CreateDirectory(Path.Combine(definitions, "workflows"));
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Storage:ConnectionString=Data Source={Path.Combine(folder, "omsflow.db")}",
            "--Storage:SqliteSynchronous=NORMAL",
            $"--Definitions:Path={definitions}",
            "--Engine:TimerPollInterval=00:00:00.100",
            "--Logging:LogLevel:Default=Warning",
            $"--Auth:BootstrapAdminKey={AdminKey}",
            "--RateLimit:PermitsPerSecond=1000000",
            "--RateLimit:Burst=1000000",
        ];
        var app = await OmsFlowServer.BuildAsync(args);
        await app.StartAsync();
        return new DesignerServer(app, folder);
    }

    private static void Copy(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Sends <paramref name="body"/> and fails the test with the server's answer if it is not a success.</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} -> {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async Task<JsonObject> GetJsonAsync(string path) => (await SendAsync(HttpMethod.Get, path))!.AsObject();

    /// <summary>Creates an API key with <paramref name="roles"/> through the admin API.</summary>
    public async Task<string> CreateKeyAsync(string name, params string[] roles)
    {
        using var response = await Client.PostAsJsonAsync("/api/keys", new { name, roles });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/keys -> {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["key"]!.GetValue<string>();
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
