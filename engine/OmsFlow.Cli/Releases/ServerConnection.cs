using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace OmsFlow.Cli.Releases;

/// <summary>A server's answer: status and JSON body.</summary>
internal sealed record ServerReply(HttpStatusCode Status, JsonNode? Body, string Raw)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    /// <summary>The problem detail the server sent, or the status.</summary>
    public string Detail => Body?["detail"]?.ToString() ?? $"HTTP {(int)Status} {Status}";
}

/// <summary>
/// The server the release commands talk to: <c>--server URL</c> (or <c>OMSFLOW_SERVER</c>, default
/// <c>http://127.0.0.1:5080</c>) with <c>--api-key KEY</c> (or <c>OMSFLOW_API_KEY</c>).
/// </summary>
internal sealed class ServerConnection : IDisposable
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    private readonly HttpClient _client;

    private ServerConnection(Uri server, string? apiKey)
    {
        _client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(10) };
        if (!string.IsNullOrEmpty(apiKey))
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public Uri Server => _client.BaseAddress!;

    /// <summary>The connection options every release command has.</summary>
    internal sealed record Options(Option<string> Server, Option<string> ApiKey, Option<bool> Json)
    {
        public static Options Create() => new(
            new Option<string>("--server") { Description = $"the OmsFlow server (default: $OMSFLOW_SERVER or {DefaultServer})" },
            new Option<string>("--api-key") { Description = "the API key (default: $OMSFLOW_API_KEY)" },
            new Option<bool>("--json") { Description = "print the server's JSON instead of text" });

        public void AddTo(Command command)
        {
            command.Options.Add(Server);
            command.Options.Add(ApiKey);
            command.Options.Add(Json);
        }
    }

    /// <summary>Connects as the options (or environment) say; null with a message when the server address is not a URL.</summary>
    public static ServerConnection? Open(ParseResult parse, Options options, TextWriter error)
    {
        var server = parse.GetValue(options.Server) ?? Environment.GetEnvironmentVariable("OMSFLOW_SERVER") ?? DefaultServer;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error.WriteLine($"--server: '{server}' is not an http(s) URL, e.g. {DefaultServer}");
            return null;
        }
        return new ServerConnection(uri, parse.GetValue(options.ApiKey) ?? Environment.GetEnvironmentVariable("OMSFLOW_API_KEY"));
    }

    public Task<ServerReply> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<ServerReply> PostAsync(string path, JsonNode? body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    /// <summary>Sends a request; throws <see cref="ServerUnavailableException"/> when the server cannot be reached.</summary>
    public async Task<ServerReply> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
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
            return new ServerReply(response.StatusCode, json, raw);
        }
        catch (HttpRequestException ex)
        {
            throw new ServerUnavailableException($"cannot reach {Server}: {ex.Message}; start the server or pass --server URL", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnavailableException($"{Server} did not answer in time", ex);
        }
    }

    /// <summary>The exit code and message for a reply that is not a success.</summary>
    public static int Failure(ServerReply reply, TextWriter error)
    {
        switch (reply.Status)
        {
            case HttpStatusCode.Unauthorized:
                error.WriteLine("the server needs an API key: pass --api-key KEY or set OMSFLOW_API_KEY");
                return ExitCodes.ServerError;
            case HttpStatusCode.Forbidden:
                error.WriteLine("the API key's roles do not allow this (releases need ops or admin)");
                return ExitCodes.ServerError;
            case HttpStatusCode.BadRequest:
                error.WriteLine(reply.Detail);
                return ExitCodes.Usage;
            case >= HttpStatusCode.InternalServerError:
                error.WriteLine($"the server failed: {reply.Detail}");
                return ExitCodes.ServerError;
            default:
                error.WriteLine(reply.Detail);
                WriteProblems(reply.Body?["problems"] as JsonArray, error);
                return ExitCodes.Problems;
        }
    }

    /// <summary>Problems as <c>file:line:column: severity code: message</c>, one per line.</summary>
    public static void WriteProblems(JsonArray? problems, TextWriter writer)
    {
        foreach (var problem in (problems ?? []).OfType<JsonObject>())
        {
            var where = problem["file"]?.ToString() is { } file
                ? problem["line"] is { } line ? $"{file}:{line}:{problem["column"]}: " : $"{file}: "
                : string.Empty;
            var step = problem["step"]?.ToString() is { } s ? $" (step '{s}')" : string.Empty;
            writer.WriteLine($"{where}{problem["severity"]} {problem["code"]}: {problem["message"]}{step}");
        }
    }

    /// <summary>A console for tables and progress that writes to the command's output (plain text when redirected).</summary>
    public static IAnsiConsole Console(TextWriter output)
    {
        var terminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Redirected output (files, pipes, CI logs) has no width; keep table rows on one line for grep.
            console.Profile.Width = 240;
        }
        return console;
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>The server could not be reached.</summary>
internal sealed class ServerUnavailableException : Exception
{
    public ServerUnavailableException()
    {
    }

    public ServerUnavailableException(string message)
        : base(message)
    {
    }

    public ServerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
