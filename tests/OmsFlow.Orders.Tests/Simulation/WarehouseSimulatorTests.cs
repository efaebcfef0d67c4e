using Microsoft.Extensions.Time.Testing;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Simulation;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Orders.Tests.Simulation;

public sealed class WarehouseSimulatorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly RecordingSink _sink = new();
    private TestDatabase _database = null!;
    private WarehouseSimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var options = new SimulatorOptions { ShipAfter = TimeSpan.FromSeconds(2), DeliverAfter = TimeSpan.FromSeconds(5) };
        _simulator = new WarehouseSimulator(_database.Storage, _sink, _clock, options);
        await using var context = _database.Storage.CreateContext();
        context.Nodes.Add(new NodeRecord { Id = "DC-RENO", Kind = "dc", Name = "Reno", Country = "US", Document = "{}" });
        context.Nodes.Add(new NodeRecord { Id = "STORE-LONDON", Kind = "store", Name = "London", Country = "GB", Document = "{}" });
        await context.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task SaveOrderAsync(string id, OrderStatus status, params Shipment[] shipments)
    {
        var order = new Order { Id = id, Status = status, Shipments = [.. shipments] };
        await using var context = _database.Storage.CreateContext();
        var existing = await context.Orders.FindAsync(id);
        if (existing is null)
        {
            context.Orders.Add(new OrderRecord { Id = id, Status = status.ToString(), PaymentStatus = "None", Currency = "USD", Document = OrderJson.Serialize(order) });
        }
        else
        {
            existing.Status = status.ToString();
            existing.Document = OrderJson.Serialize(order);
        }
        await context.SaveChangesAsync();
    }

    [Fact]
    public async Task RequestedShipment_IsShippedAfterShipAfter_ThenDeliveredAfterDeliverAfter()
    {
        await SaveOrderAsync("ORD-1", OrderStatus.Processing, new Shipment { Id = "SH-1", NodeId = "DC-RENO", Status = "requested" });

        Assert.Empty(await _simulator.RunOnceAsync());
        _clock.Advance(TimeSpan.FromSeconds(2));
        var shipped = Assert.Single(await _simulator.RunOnceAsync());
        Assert.Empty(await _simulator.RunOnceAsync());
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(await _simulator.RunOnceAsync());
        _clock.Advance(TimeSpan.FromSeconds(1));
        var delivered = Assert.Single(await _simulator.RunOnceAsync());
        Assert.Empty(await _simulator.RunOnceAsync());

        Assert.Equal(new ShipmentUpdate("ORD-1", "SH-1", "UPS", WarehouseSimulator.TrackingNumber("ORD-1", "SH-1"), "shipped"), shipped);
        Assert.Equal(shipped with { Status = "delivered" }, delivered);
        Assert.Equal([shipped, delivered], _sink.Accepted);
    }

    [Fact]
    public async Task UpdateNobodyWaitsFor_IsRetriedOnTheNextPass()
    {
        await SaveOrderAsync("ORD-2", OrderStatus.Processing, new Shipment { Id = "SH-1", NodeId = "STORE-LONDON", Status = "requested", TrackingNumber = "RM123", RequestedAt = _clock.GetUtcNow() });
        _clock.Advance(TimeSpan.FromSeconds(3));
        _sink.Accepting = false;

        Assert.Empty(await _simulator.RunOnceAsync());
        _sink.Accepting = true;
        var shipped = Assert.Single(await _simulator.RunOnceAsync());

        Assert.Equal(("Royal Mail", "RM123", "shipped"), (shipped.Carrier, shipped.TrackingNumber, shipped.Status));
        Assert.Equal(2, _sink.Offered.Count);
    }

    [Fact]
    public async Task ShipmentAlreadyShipped_IsOnlyDelivered_AndFinishedOrdersAreLeftAlone()
    {
        await SaveOrderAsync("ORD-3", OrderStatus.Processing,
            new Shipment { Id = "SH-1", NodeId = "DC-RENO", Status = "shipped", Carrier = "FedEx", TrackingNumber = "7777", ShippedAt = _clock.GetUtcNow() },
            new Shipment { Id = "SH-2", NodeId = "DC-RENO", Status = "cancelled" });
        await SaveOrderAsync("ORD-4", OrderStatus.Cancelled, new Shipment { Id = "SH-1", NodeId = "DC-RENO", Status = "requested" });

        _clock.Advance(TimeSpan.FromSeconds(5));
        var delivered = Assert.Single(await _simulator.RunOnceAsync());

        Assert.Equal(new ShipmentUpdate("ORD-3", "SH-1", "FedEx", "7777", "delivered"), delivered);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await _simulator.RunOnceAsync());
    }

    [Fact]
    public async Task OrderThatMovedOn_IsForgotten_AndNotReported()
    {
        await SaveOrderAsync("ORD-5", OrderStatus.Processing, new Shipment { Id = "SH-1", NodeId = "DC-RENO", Status = "requested" });
        Assert.Empty(await _simulator.RunOnceAsync());
        await SaveOrderAsync("ORD-5", OrderStatus.Processing, new Shipment { Id = "SH-1", NodeId = "DC-RENO", Status = "cancelled", CancelReason = "changed" });

        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Empty(await _simulator.RunOnceAsync());
        Assert.Empty(_sink.Offered);
    }

    private sealed class RecordingSink : IShipmentUpdateSink
    {
        public bool Accepting { get; set; } = true;

        public List<ShipmentUpdate> Offered { get; } = [];

        public List<ShipmentUpdate> Accepted { get; } = [];

        public Task<bool> SendAsync(ShipmentUpdate update, CancellationToken cancellationToken)
        {
            Offered.Add(update);
            if (Accepting)
            {
                Accepted.Add(update);
            }
            return Task.FromResult(Accepting);
        }
    }
}
