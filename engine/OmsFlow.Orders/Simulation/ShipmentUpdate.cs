namespace OmsFlow.Orders.Simulation;

/// <summary>
/// What a warehouse or carrier reports about a shipment: the body of <c>POST /hooks/shipments</c>
/// (<c>{orderId, shipmentId, carrier, trackingNumber, status}</c>).
/// </summary>
public sealed record ShipmentUpdate(string OrderId, string ShipmentId, string Carrier, string TrackingNumber, string Status)
{
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
}

/// <summary>Where the simulator's updates go: the same code the shipments hook runs.</summary>
public interface IShipmentUpdateSink
{
    /// <summary>Delivers <paramref name="update"/>; false when no order is waiting for it yet (the simulator tries again later).</summary>
    Task<bool> SendAsync(ShipmentUpdate update, CancellationToken cancellationToken);
}

/// <summary>How fast the simulated warehouse ships and the simulated carrier delivers.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Run the simulator in the server (setting <c>Simulator:Enabled</c>).</summary>
    /// <remarks>Off by default: a real deployment has a real warehouse.</remarks>
    public bool Enabled { get; set; }

    /// <summary>Time from a shipment request until the warehouse reports it shipped.</summary>
    /// <remarks>Default 2 seconds.</remarks>
    public TimeSpan ShipAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time from shipped until the carrier reports it delivered.</summary>
    /// <remarks>Default 5 seconds.</remarks>
    public TimeSpan DeliverAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the simulator looks for shipments to move.</summary>
    /// <remarks>Default 250 milliseconds.</remarks>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Most orders looked at per pass.</summary>
    public int BatchSize { get; set; } = 500;
}
