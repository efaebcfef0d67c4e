using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace OmsFlow.Cli.Releases.Backends;

/// <summary>A server's <c>/api/releases</c> endpoints, with an API key.</summary>
internal sealed class HttpReleaseBackend : IReleaseBackend
{
    /// <summary>The server the commands talk to when neither a server nor a database is given.</summary>
    public const string DefaultServer = "http://127.0.0.1:5080";

    private readonly HttpClient _client;

    public HttpReleaseBackend(Uri server, string? apiKey)
    {
        _client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(10) };
        if (!string.IsNullOrEmpty(apiKey))
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public string Target => _client.BaseAddress!.ToString();

    public bool ReportsProgress => false;

    public Task<BackendReply> ValidateAsync(JsonArray files, CancellationToken cancellationToken)
        => PostAsync("/api/releases/validate", new JsonObject { ["files"] = files.DeepClone() }, cancellationToken);

    public Task<BackendReply> CompareReleasesAsync(int from, int? to, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Get, to is null ? $"/api/releases/diff?from={from}" : $"/api/releases/diff?from={from}&to={to}", null, cancellationToken);

    public Task<BackendReply> CompareFilesAsync(JsonArray files, string name, int? against, CancellationToken cancellationToken)
        => PostAsync("/api/releases/diff", new JsonObject { ["files"] = files.DeepClone(), ["name"] = name, ["against"] = against }, cancellationToken);

    public Task<BackendReply> ReleaseAsync(PublishRequest request, CancellationToken cancellationToken) => PostAsync("/api/releases", new JsonObject
    {
        ["files"] = request.Files.DeepClone(),
        ["note"] = request.Note,
        ["activateAt"] = request.ActivateAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    }, cancellationToken);

    public Task<BackendReply> ListAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, "/api/releases", null, cancellationToken);

    public Task<BackendReply> RollbackAsync(int release, string? note, CancellationToken cancellationToken)
        => PostAsync($"/api/releases/{release}/rollback", new JsonObject { ["note"] = note }, cancellationToken);

    public Task<BackendReply> RehearseAsync(RehearseRequest request, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
        => PostAsync("/api/releases/rehearse", new JsonObject
        {
            ["files"] = request.Files.DeepClone(),
            ["orders"] = request.Orders,
            ["workflowId"] = request.WorkflowId,
            ["inputs"] = request.Inputs?.DeepClone(),
        }, cancellationToken);

    public Task<BackendReply> MigrateAsync(MigrateRequest request, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
        => PostAsync("/api/instances/migrate", new JsonObject
        {
            ["to"] = request.To,
            ["from"] = request.From,
            ["workflowId"] = request.WorkflowId,
            ["instanceIds"] = request.InstanceIds is { } ids ? new JsonArray([.. ids.Select(i => (JsonNode?)i)]) : null,
            ["dryRun"] = request.DryRun,
        }, cancellationToken);

    public Task<BackendReply> ExportAsync(int release, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Get, $"/api/releases/{release}/export", null, cancellationToken);

    public Task<BackendReply> ImportAsync(JsonNode bundle, CancellationToken cancellationToken) => PostAsync("/api/releases/import", bundle, cancellationToken);

    private Task<BackendReply> PostAsync(string path, JsonNode body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    /// <summary>Sends a request; throws <see cref="BackendUnavailableException"/> when the server cannot be reached.</summary>
    private async Task<BackendReply> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        try
        {
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var raw = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonNode? json = null;
            try
            {
                json = raw.Length == 0 ? null : JsonNode.Parse(raw);
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON (a proxy's error page): reported by status.
            }
            return new BackendReply(response.StatusCode, json, raw);
        }
        catch (HttpRequestException ex)
        {
            throw new BackendUnavailableException($"cannot reach {Target}: {ex.Message}; start the server, pass --server URL, or act on its database with --database", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BackendUnavailableException($"{Target} did not answer in time", ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
