using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Seed;
using Spectre.Console;

namespace OmsFlow.Cli.Simulate;

/// <summary>The arguments of <c>omsflow simulate</c>.</summary>
public sealed record SimulateRequest(string Server, string? ApiKey, int Orders, double Rate, string? Tag, string? SeedFile, string? RunId);

/// <summary>Executes <c>omsflow simulate</c>: generates the sample orders, paces the posts, reports what the server said.</summary>
public static class SimulateRunner
{
    /// <summary>Requests in flight at once: enough to reach the rate over a slow link, few enough not to flood the server.</summary>
    private const int MaxInFlight = 8;

    /// <summary>Status recorded for an order whose post never got an HTTP answer.</summary>
    private const int Unreached = 0;

    public static async Task<int> RunAsync(SimulateRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (Validate(request) is { } invalid)
        {
            await error.WriteLineAsync(invalid).ConfigureAwait(false);
            return SimulateCommand.InvalidInput;
        }
        SeedOptions options;
        try
        {
            options = SeedOptions.Load(request.SeedFile ?? FindSeedFile());
        }
        catch (SeedOptionsException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return SimulateCommand.InvalidInput;
        }
        var samples = SeedGenerator.Generate(options).SampleOrders
            .Where(s => request.Tag is null || s.Tags.Contains(request.Tag, StringComparer.OrdinalIgnoreCase)).ToList();
        if (samples.Count == 0)
        {
            await error.WriteLineAsync($"--tag {request.Tag}: no sample order has that tag; tags are: {string.Join(", ", KnownTags(options))}").ConfigureAwait(false);
            return SimulateCommand.InvalidInput;
        }
        var runId = request.RunId ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x", CultureInfo.InvariantCulture);
        var orders = Enumerable.Range(0, request.Orders).Select(i => Unique(samples[i % samples.Count].Order, runId, i / samples.Count)).ToList();

        using var http = new HttpClient { BaseAddress = new Uri(request.Server.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        if (request.ApiKey is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
        var results = new SimulateResults();
        await console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"Posting {orders.Count} orders to {request.Server}", maxValue: orders.Count);
            await PostAllAsync(http, orders, request.Rate, results, () => task.Increment(1), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        if (results.Accepted == 0 && results.Refused.All(r => r.Status == Unreached))
        {
            await error.WriteLineAsync($"Cannot reach {request.Server}: {results.Refused.First().Detail}. Start the server or pass --server URL.").ConfigureAwait(false);
            return SimulateCommand.Unreachable;
        }
        Report(console, results, runId);
        return results.Refused.IsEmpty ? SimulateCommand.Ok : SimulateCommand.SomeRefused;
    }

    private static string? Validate(SimulateRequest request)
    {
        if (!Uri.TryCreate(request.Server, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
        {
            return $"--server {request.Server}: give the server's http(s) base URL, e.g. http://127.0.0.1:5080";
        }
        if (request.Orders < 1)
        {
            return $"--orders {request.Orders}: post at least one order";
        }
        if (request.Rate < 0 || double.IsNaN(request.Rate))
        {
            return $"--rate {request.Rate}: give orders per second (0 for as fast as possible)";
        }
        return null;
    }

    /// <summary>A copy of a sample order whose ids are unique to this run (duplicate external ids stay duplicates within it).</summary>
    private static JsonObject Unique(JsonObject sample, string runId, int round)
    {
        var order = sample.DeepClone().AsObject();
        var suffix = "-" + runId + (round == 0 ? string.Empty : "-" + round.ToString(CultureInfo.InvariantCulture));
        order["id"] = order["id"]!.GetValue<string>() + suffix;
        if (order["externalId"] is JsonValue external)
        {
            order["externalId"] = external.GetValue<string>() + suffix;
        }
        return order;
    }

    private static async Task PostAllAsync(HttpClient http, List<JsonObject> orders, double rate, SimulateResults results, Action posted, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(MaxInFlight);
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(orders.Count);
        for (var i = 0; i < orders.Count; i++)
        {
            if (rate > 0)
            {
                // Paced against the start, not the previous post, so a slow response does not lower the rate.
                var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken).ConfigureAwait(false);
                }
            }
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            var order = orders[i];
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    await PostAsync(http, order, results, cancellationToken).ConfigureAwait(false);
                    posted();
                }
                finally
                {
                    gate.Release();
                }
            }, cancellationToken));
        }
        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private static async Task PostAsync(HttpClient http, JsonObject order, SimulateResults results, CancellationToken cancellationToken)
    {
        var id = order["id"]!.GetValue<string>();
        using var message = new HttpRequestMessage(HttpMethod.Post, "hooks/orders")
        {
            Content = new StringContent(order.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        // The order id as idempotency key: a retried post of the same order replays the first answer.
        message.Headers.Add("Idempotency-Key", id);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            results.Refuse(id, Unreached, ex.Message);
            return;
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                results.Accept();
                return;
            }
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            results.Refuse(id, (int)response.StatusCode, ProblemDetail(body));
        }
    }

    /// <summary>The problem's detail when the body is a ProblemDetails document, else the body itself.</summary>
    private static string ProblemDetail(string body)
    {
        try
        {
            return (JsonNode.Parse(body.Length == 0 ? "{}" : body) as JsonObject)?["detail"]?.ToString() ?? body;
        }
        catch (System.Text.Json.JsonException)
        {
            return body;
        }
    }

    private static void Report(IAnsiConsole console, SimulateResults results, string runId)
    {
        var table = new Table().AddColumn("Result").AddColumn(new TableColumn("Orders").RightAligned());
        table.AddRow("accepted", results.Accepted.ToString(CultureInfo.InvariantCulture));
        foreach (var group in results.Refused.GroupBy(r => r.Status).OrderBy(g => g.Key))
        {
            table.AddRow(group.Key == Unreached ? "no answer" : $"refused ({group.Key})", group.Count().ToString(CultureInfo.InvariantCulture));
        }
        console.Write(table);
        foreach (var refused in results.Refused.Take(10))
        {
            console.MarkupLineInterpolated($"[red]{refused.OrderId}[/]: {refused.Status} {refused.Detail}");
        }
        console.MarkupLineInterpolated($"Run id [bold]{runId}[/]: order ids end in -{runId}. Follow them with GET /api/orders/{{id}} or /api/instances.");
    }

    private static IEnumerable<string> KnownTags(SeedOptions options)
        => SeedGenerator.Generate(options).SampleOrders.SelectMany(s => s.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static string? FindSeedFile()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "definitions", "seed", "seed.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private sealed class SimulateResults
    {
        private int _accepted;

        public int Accepted => _accepted;

        public System.Collections.Concurrent.ConcurrentQueue<(string OrderId, int Status, string Detail)> Refused { get; } = new();

        public void Accept() => Interlocked.Increment(ref _accepted);

        public void Refuse(string orderId, int status, string detail) => Refused.Enqueue((orderId, status, detail));
    }
}
