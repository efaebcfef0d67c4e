using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using OmsFlow.Cli.Simulate;

namespace OmsFlow.Cli.Tests.Simulate;

public sealed class SimulateRunnerTests : IDisposable
{
    private readonly HookReceiver _receiver = new();

    public void Dispose() => _receiver.Dispose();

    private static async Task<(int Exit, string Output, string Error)> RunAsync(SimulateRequest request)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SimulateRunner.RunAsync(request, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Run_PostsSampleOrdersWithRunUniqueIdsKeyAndIdempotencyKey()
    {
        var (exit, output, _) = await RunAsync(new SimulateRequest(_receiver.Url, "omsf_key", 12, 0, null, null, "r1"));

        Assert.Equal(SimulateCommand.Ok, exit);
        Assert.Equal(12, _receiver.Requests.Count);
        Assert.All(_receiver.Requests, r =>
        {
            Assert.Equal("/hooks/orders", r.Path);
            Assert.Equal("Bearer omsf_key", r.Authorization);
            var order = JsonNode.Parse(r.Body)!;
            Assert.EndsWith("-r1", order["id"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(order["id"]!.GetValue<string>(), r.IdempotencyKey);
            Assert.NotEmpty(order["lines"]!.AsArray());
        });
        Assert.Equal(12, _receiver.Requests.Select(r => r.IdempotencyKey).Distinct().Count());
        Assert.Contains("accepted", output, StringComparison.Ordinal);
        Assert.Contains("12", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MoreOrdersThanSamples_RepeatsWithDistinctIds()
    {
        var (exit, _, _) = await RunAsync(new SimulateRequest(_receiver.Url, null, 7, 0, "split", null, "r2"));

        Assert.Equal(SimulateCommand.Ok, exit);
        var ids = _receiver.Requests.Select(r => JsonNode.Parse(r.Body)!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(7, ids.Distinct().Count());
        Assert.Contains(ids, id => id.EndsWith("-r2-1", StringComparison.Ordinal));
        Assert.All(_receiver.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Run_RefusedOrders_ExitOneAndListTheProblem()
    {
        _receiver.Respond = order => order["shipTo"]?["country"]?.GetValue<string>() == "XX"
            ? (HttpStatusCode.UnprocessableEntity, """{"detail":"Ship-to country XX is not one we ship to."}""")
            : (HttpStatusCode.Accepted, """{"instanceId":"i"}""");

        var (exit, output, _) = await RunAsync(new SimulateRequest(_receiver.Url, null, 200, 0, null, null, "r3"));

        Assert.Equal(SimulateCommand.SomeRefused, exit);
        Assert.Contains("refused (422)", output, StringComparison.Ordinal);
        Assert.Contains("Ship-to country XX is not one we ship to.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ServerDown_ExitsThreeAndSaysSo()
    {
        var port = HookReceiver.FreePort();

        var (exit, _, error) = await RunAsync(new SimulateRequest($"http://127.0.0.1:{port}", null, 2, 0, null, null, "r4"));

        Assert.Equal(SimulateCommand.Unreachable, exit);
        Assert.Contains($"Cannot reach http://127.0.0.1:{port}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url", 5, 1.0, null, "--server")]
    [InlineData("http://127.0.0.1:1", 0, 1.0, null, "--orders")]
    [InlineData("http://127.0.0.1:1", 5, -1.0, null, "--rate")]
    [InlineData("http://127.0.0.1:1", 5, 1.0, "no-such-tag", "--tag no-such-tag")]
    public async Task Run_InvalidArguments_ExitTwoNamingTheOption(string server, int orders, double rate, string? tag, string named)
    {
        var (exit, _, error) = await RunAsync(new SimulateRequest(server, null, orders, rate, tag, null, null));

        Assert.Equal(SimulateCommand.InvalidInput, exit);
        Assert.StartsWith(named, error, StringComparison.Ordinal);
    }

    /// <summary>A loopback HTTP endpoint that records hook posts and answers as told.</summary>
    private sealed class HookReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public HookReceiver()
        {
            Url = $"http://127.0.0.1:{FreePort()}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public ConcurrentQueue<(string Path, string? Authorization, string? IdempotencyKey, string Body)> Requests { get; } = new();

        public Func<JsonNode, (HttpStatusCode Status, string Body)> Respond { get; set; } = _ => (HttpStatusCode.Accepted, """{"instanceId":"i"}""");

        public static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                Requests.Enqueue((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], context.Request.Headers["Idempotency-Key"], body));
                var (status, answer) = Respond(JsonNode.Parse(body)!);
                context.Response.StatusCode = (int)status;
                context.Response.ContentType = "application/json";
                var bytes = Encoding.UTF8.GetBytes(answer);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
