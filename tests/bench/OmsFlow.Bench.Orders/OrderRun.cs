using System.Diagnostics;
using System.Text.Json.Nodes;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Bench.Orders;

/// <summary>
/// Drives orders the way the hooks do, straight on the engine: start order-fulfilment with the order (correlated by
/// its id), then resume its wait on hook <c>shipments</c> with "shipped" and with "delivered".
/// </summary>
internal sealed class OrderRun(WorkflowEngine engine, string prefix)
{
    private int _failures;
    private int _retries;

    public Latency Intake { get; } = new();

    public Latency Shipped { get; } = new();

    public Latency Delivered { get; } = new();

    public int Failures => _failures;

    public int Retries => _retries;

    public string? FirstFailure { get; private set; }

    public async Task RunAsync(int count, int concurrency)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    await OneAsync($"SO-{prefix}{i:000000}").ConfigureAwait(false);
                }
                catch (InvalidOperationException ex)
                {
                    FirstFailure ??= ex.Message;
                    Interlocked.Increment(ref _failures);
                }
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task OneAsync(string id)
    {
        var watch = Stopwatch.StartNew();
        var started = await engine.StartAsync("order-fulfilment", new JsonObject { ["received"] = Bench.Order(id) }, new StartOptions { CorrelationKey = id }).ConfigureAwait(false);
        if (started.Status is InstanceStatus.Faulted or InstanceStatus.Completed)
        {
            throw new InvalidOperationException($"{id} ended {started.Status} at intake: {started.Error}");
        }
        Intake.Add(watch.Elapsed);
        foreach (var (status, latency) in new[] { ("shipped", Shipped), ("delivered", Delivered) })
        {
            watch.Restart();
            var body = new JsonObject { ["orderId"] = id, ["status"] = status, ["carrier"] = "PostNL", ["trackingNumber"] = "3S" + id };
            for (var attempt = 0; ; attempt++)
            {
                if ((await engine.ResumeHookAsync("shipments", id, body).ConfigureAwait(false)).Count == 1)
                {
                    break;
                }
                if (attempt == 2000)
                {
                    throw new InvalidOperationException($"{id} never waited for '{status}'.");
                }
                // The order is still running the steps before its carrier wait (e.g. the invoice after 'shipped').
                Interlocked.Increment(ref _retries);
                await Task.Delay(5).ConfigureAwait(false);
            }
            latency.Add(watch.Elapsed);
        }
    }
}

/// <summary>A thread-safe running mean.</summary>
internal sealed class Latency
{
    private long _ticks;
    private long _count;

    public double Mean => _count == 0 ? 0 : TimeSpan.FromTicks(_ticks / _count).TotalMilliseconds;

    public void Add(TimeSpan elapsed)
    {
        Interlocked.Add(ref _ticks, elapsed.Ticks);
        Interlocked.Increment(ref _count);
    }
}
