using System.Text.Json.Nodes;
using OmsFlow.Orders.Simulation;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Seed;

/// <summary>
/// Hands simulator updates to the order waiting on its warehouse or carrier: the code path of
/// <c>POST /hooks/shipments/{orderId}</c> (the instance waits on hook <c>shipments</c> keyed by its order id).
/// </summary>
internal sealed class HookShipmentSink(WorkflowEngine engine) : IShipmentUpdateSink
{
    public const string HookPath = "shipments";

    public async Task<bool> SendAsync(ShipmentUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var body = new JsonObject
        {
            ["orderId"] = update.OrderId,
            ["shipmentId"] = update.ShipmentId,
            ["carrier"] = update.Carrier,
            ["trackingNumber"] = update.TrackingNumber,
            ["status"] = update.Status,
        };
        var resumed = await engine.ResumeHookAsync(HookPath, update.OrderId, body, cancellationToken).ConfigureAwait(false);
        return resumed.Count > 0;
    }
}

/// <summary>Runs <see cref="WarehouseSimulator"/> in the background every <see cref="SimulatorOptions.PollInterval"/>.</summary>
internal sealed partial class SimulatorHost(WarehouseSimulator simulator, SimulatorOptions options, TimeProvider clock, ILogger<SimulatorHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval, clock);
        do
        {
            try
            {
                foreach (var update in await simulator.RunOnceAsync(stoppingToken).ConfigureAwait(false))
                {
                    LogUpdate(logger, update.OrderId, update.ShipmentId, update.Status, update.Carrier, update.TrackingNumber);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The simulator stands in for an external system: its failures are logged and retried, never fatal to the server.
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator: order {OrderId} shipment {ShipmentId} {Status} ({Carrier} {TrackingNumber})")]
    private static partial void LogUpdate(ILogger logger, string orderId, string shipmentId, string status, string carrier, string trackingNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator pass failed; retrying on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
