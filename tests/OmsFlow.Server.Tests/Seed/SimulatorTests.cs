using System.Net;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Simulation;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Seed;

/// <summary>The simulator in the server moves a requested shipment to shipped, then delivered, through the shipments hook.</summary>
public sealed class SimulatorTests
{
    private const string ShipmentFlow = """
        id: shipment-probe
        triggers:
          - hook: shipment-probe
            input: order
            correlation: =order.id
        inputs:
          order: { type: object, required: true }
        outputs:
          first: '=steps["wait-shipped"].output.status'
          second: '=steps["wait-delivered"].output.status'
          carrier: '=steps["wait-delivered"].output.carrier'
          trackingNumber: '=steps["wait-delivered"].output.trackingNumber'
          shipmentId: '=steps["wait-shipped"].output.shipmentId'
        steps:
          wait-shipped:
            activity: WaitForHook
            inputs: { path: shipments }
            next: wait-delivered
          wait-delivered:
            activity: WaitForHook
            inputs: { path: shipments }
        """;

    [Fact]
    public async Task Simulator_ReportsRequestedShipmentShippedThenDelivered()
    {
        await using var server = await ServerHarness.StartAsync(
            new Dictionary<string, string> { ["shipment.yaml"] = ShipmentFlow },
            "--Simulator:Enabled=true", "--Simulator:ShipAfter=00:00:00.100", "--Simulator:DeliverAfter=00:00:00.100", "--Simulator:PollInterval=00:00:00.050");
        var started = await server.PostJsonAsync("/hooks/shipment-probe", """{"id":"ORD-SIM-1"}""");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var instanceId = (await ServerHarness.ReadAsync(started))["instanceId"]!.GetValue<string>();
        await server.WaitForStatusAsync(instanceId, "Suspended");

        // The order as the fulfilment flow leaves it after releasing to the warehouse: one shipment requested from Reno.
        var order = new Order
        {
            Id = "ORD-SIM-1",
            Status = OrderStatus.Processing,
            Shipments = [new Shipment { Id = "SH-1", NodeId = "DC-RENO", Status = "requested", LineIds = ["L1"] }],
        };
        await OrderRows.InsertAsync(server, order);

        var done = await server.WaitForStatusAsync(instanceId, "Completed");

        Assert.Equal("Completed", done["status"]!.GetValue<string>());
        var outputs = done["outputs"]!;
        Assert.Equal("shipped", outputs["first"]!.GetValue<string>());
        Assert.Equal("delivered", outputs["second"]!.GetValue<string>());
        Assert.Equal("SH-1", outputs["shipmentId"]!.GetValue<string>());
        Assert.Equal("UPS", outputs["carrier"]!.GetValue<string>());
        Assert.Equal(WarehouseSimulator.TrackingNumber("ORD-SIM-1", "SH-1"), outputs["trackingNumber"]!.GetValue<string>());
    }
}
