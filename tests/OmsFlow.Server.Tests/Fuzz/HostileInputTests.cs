using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Fuzz;

/// <summary>
/// Thousands of malformed and hostile hook payloads and definition documents: every answer is 4xx (or a success
/// for the rare mutation that is still valid), never 5xx, and the server keeps answering.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private const string QuickFlow = """
        id: quick
        triggers:
          - hook: quick
        inputs:
          a: { type: int, required: true }
        steps:
          noop: { activity: SetVariable, inputs: { name: seen, value: true } }
        variables:
          seen: bool
        """;

    private const string OrderFlow = """
        id: orders
        triggers:
          - hook: orders
            input: order
            correlation: =order.id
        inputs:
          order: { type: object, required: true }
        steps:
          wait: { activity: WaitForHook, inputs: { path: payments } }
        """;

    private ServerHarness _server = null!;

    public async Task InitializeAsync()
        => _server = await ServerHarness.StartAsync(new Dictionary<string, string> { ["quick.yaml"] = QuickFlow, ["orders.yaml"] = OrderFlow });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task HostileHookPayloads_Get4xxNever5xx()
    {
        string[] paths = ["/hooks/quick", "/hooks/orders", "/hooks/payments/SO-1", "/hooks/quick?wait=true&timeoutSeconds=1", "/hooks/%00/..%2f..%2fetc"];
        var failures = await RunAsync(seed: 6001, count: 2_000, parallelism: 4, random =>
        {
            var (body, contentType) = HostileInput.HookBody(random);
            var request = new HttpRequestMessage(HttpMethod.Post, paths[random.Next(paths.Length)]) { Content = Content(body, contentType) };
            if (random.Next(4) == 0)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", random.Next(2) == 0 ? new string('k', 300) : $"fuzz-{random.Next(50)}");
            }
            if (random.Next(6) == 0)
            {
                request.Headers.TryAddWithoutValidation("X-OmsFlow-Signature", "v1=" + new string('0', random.Next(0, 80)));
                request.Headers.TryAddWithoutValidation("X-OmsFlow-Timestamp", random.Next(2) == 0 ? "-1" : "99999999999999999999");
            }
            return request;
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task HostileDefinitionDocuments_Get4xxNever5xx()
    {
        string[] paths = ["/api/workflows/validate", "/api/workflows/import", "/api/workflows/fuzz/draft", "/api/workflows/fuzz/test-run"];
        // One at a time: this test is about hostile content; concurrent first saves of one draft are a separate concern.
        var failures = await RunAsync(seed: 6002, count: 600, parallelism: 1, random =>
        {
            var (body, contentType) = HostileInput.Definition(random);
            var path = paths[random.Next(paths.Length)];
            return new HttpRequestMessage(path.EndsWith("/draft", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post, path) { Content = Content(body, contentType) };
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
        await AssertStillAnswersAsync();
    }

    private async Task<ConcurrentBag<string>> RunAsync(int seed, int count, int parallelism, Func<Random, HttpRequestMessage> next)
    {
        var failures = new ConcurrentBag<string>();
        var random = new Random(seed);
        var requests = Enumerable.Range(0, count).Select(i => (Index: i, Request: next(random))).ToList();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (item, ct) =>
        {
            using var request = item.Request;
            var sent = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(ct);
            var description = $"#{item.Index} {request.Method} {request.RequestUri} ({sent.Length} bytes, {request.Content?.Headers.ContentType}) "
                + System.Text.Json.JsonSerializer.Serialize(System.Text.Encoding.UTF8.GetString(sent, 0, Math.Min(sent.Length, 300)));
            try
            {
                using var response = await _server.Client.SendAsync(request, ct);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{description} -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                }
            }
            catch (HttpRequestException ex)
            {
                // Kestrel may reset a connection mid-body for a request it already rejected (413); that is not a crash.
                if (!IsEarlyReject(ex))
                {
                    failures.Add($"{description} -> {ex.Message}");
                }
            }
        });
        return failures;
    }

    private static bool IsEarlyReject(HttpRequestException ex) => ex.InnerException is IOException;

    private async Task AssertStillAnswersAsync()
    {
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/health/ready")).StatusCode);
        var ok = await _server.PostJsonAsync("/hooks/quick?wait=true", """{"a":2}""");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private static ByteArrayContent Content(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType.Length > 0)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return content;
    }
}
