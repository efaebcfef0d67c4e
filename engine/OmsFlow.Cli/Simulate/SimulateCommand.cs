using System.CommandLine;

namespace OmsFlow.Cli.Simulate;

/// <summary>
/// <c>omsflow simulate --server URL --api-key KEY [--orders N] [--rate R] [--tag TAG] [--seed-file FILE] [--run-id ID]</c>:
/// posts seeded sample orders to a server's <c>/hooks/orders</c> at a steady rate and prints progress.
/// Exit codes: 0 every order accepted; 1 some were refused; 2 invalid arguments; 3 the server could not be reached.
/// </summary>
public static class SimulateCommand
{
    public const int Ok = 0;
    public const int SomeRefused = 1;
    public const int InvalidInput = 2;
    public const int Unreachable = 3;

    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "the server's base URL (default http://127.0.0.1:5080)" };
        var apiKey = new Option<string>("--api-key") { Description = "an API key with the integrator role (default: the OMSFLOW_API_KEY environment variable)" };
        var orders = new Option<int?>("--orders") { Description = "how many orders to post (default 20; sample orders repeat when more are asked for)" };
        var rate = new Option<double?>("--rate") { Description = "orders per second (default 10; 0 posts as fast as the server takes them)" };
        var tag = new Option<string>("--tag") { Description = "only sample orders with this tag, e.g. split, big-discount, out-of-stock" };
        var seedFile = new Option<string>("--seed-file") { Description = "generator parameters (default: definitions/seed/seed.yaml here or above, else built-in defaults)" };
        var runId = new Option<string>("--run-id") { Description = "suffix that makes order ids unique per run (default: derived from the current time)" };
        var command = new Command("simulate", "post seeded sample orders to a server's /hooks/orders and show progress")
        {
            server, apiKey, orders, rate, tag, seedFile, runId,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var request = new SimulateRequest(
                parseResult.GetValue(server) ?? "http://127.0.0.1:5080",
                parseResult.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("OMSFLOW_API_KEY"),
                parseResult.GetValue(orders) ?? 20,
                parseResult.GetValue(rate) ?? 10,
                parseResult.GetValue(tag),
                parseResult.GetValue(seedFile),
                parseResult.GetValue(runId));
            return SimulateRunner.RunAsync(request, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }
}
