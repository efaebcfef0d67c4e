using System.Text.Json.Nodes;
using OmsFlow.Orders.Changes;
using OmsFlow.Orders.Model;

namespace OmsFlow.Orders.Tests.Changes;

public sealed class ChangeStageTests
{
    private static Order Order(params (string Id, LineStatus Status, string? ShipmentId)[] lines)
    {
        var order = new Order { Id = "SO-1", Status = OrderStatus.Processing };
        foreach (var (id, status, shipmentId) in lines)
        {
            order.Lines.Add(new OrderLine { Id = id, Sku = "SKU-" + id, Quantity = 2, Status = status, ShipmentId = shipmentId, NodeId = "DC-VENLO" });
        }
        return order;
    }

    private static OrderChange Quantity(string lineId, int quantity) => new(OrderChangeKind.Quantity, lineId, null, quantity, null);

    [Theory]
    [InlineData(LineStatus.Created, "before-scheduling")]
    [InlineData(LineStatus.Backordered, "before-scheduling")]
    [InlineData(LineStatus.Scheduled, "after-reservation")]
    [InlineData(LineStatus.Released, "after-release")]
    public void Of_NamesTheStageOfTheTouchedLines(LineStatus status, string stage)
    {
        var order = Order(("1", status, null), ("2", LineStatus.Released, "SO-1-S1"));

        Assert.Equal(stage, ChangeStage.Of(order, ChangeStage.TouchedLines(order, [Quantity("1", 3)])));
    }

    [Theory]
    [InlineData(LineStatus.Shipped, "Line 1 has shipped (Shipped); it can only be returned and credited.")]
    [InlineData(LineStatus.Delivered, "Line 1 has shipped (Delivered); it can only be returned and credited.")]
    [InlineData(LineStatus.Picked, "Line 1 is already being picked or packed at DC-VENLO; the warehouse must cancel the parcel before the order can change.")]
    [InlineData(LineStatus.Packed, "Line 1 is already being picked or packed at DC-VENLO; the warehouse must cancel the parcel before the order can change.")]
    public void Blocker_RefusesLinesPastTheWarehouse(LineStatus status, string reason)
    {
        Assert.Equal(reason, ChangeStage.Blocker(Order(("1", status, null)), [Quantity("1", 1)]));
    }

    [Fact]
    public void Blocker_RefusesALineWhoseParcelIsBeingPacked_EvenIfTheLineStillSaysReleased()
    {
        var order = Order(("1", LineStatus.Released, "SO-1-S1"));
        order.Shipments.Add(new Shipment { Id = "SO-1-S1", NodeId = "DC-VENLO", Status = "packed", LineIds = ["1"] });

        Assert.NotNull(ChangeStage.Blocker(order, [Quantity("1", 1)]));
    }

    [Fact]
    public void Blocker_AllowsReleasedLines_AndNamesAnUnknownLine()
    {
        var order = Order(("1", LineStatus.Released, "SO-1-S1"));

        Assert.Null(ChangeStage.Blocker(order, [Quantity("1", 5)]));
        Assert.Equal("Order SO-1 has no line 9; its lines are 1.", ChangeStage.Blocker(order, [Quantity("9", 5)]));
    }

    [Fact]
    public void ShipToChange_TouchesEveryLiveLine_SoAShippedOneBlocksIt()
    {
        var order = Order(("1", LineStatus.Released, null), ("2", LineStatus.Shipped, null), ("3", LineStatus.Cancelled, null));
        var change = new OrderChange(OrderChangeKind.ShipTo, null, null, null, new Address { City = "Amsterdam" });

        Assert.Equal(["1", "2"], ChangeStage.TouchedLines(order, [change]).Order());
        Assert.StartsWith("Line 2 has shipped", ChangeStage.Blocker(order, [change]), StringComparison.Ordinal);
    }

    [Fact]
    public void ClosedOrder_CannotChange()
    {
        var order = Order(("1", LineStatus.Created, null));
        order.Status = OrderStatus.Closed;

        Assert.Equal("Order SO-1 is Closed; it can no longer change.", ChangeStage.Blocker(order, [Quantity("1", 1)]));
    }

    [Fact]
    public void Check_NamesTheFieldOfEachBadChange()
    {
        var body = JsonNode.Parse("""
            {"orderId":"SO-1","changes":[
              {"type":"quantity","lineId":"1","quantity":-1},
              {"type":"add-line","quantity":2},
              {"type":"ship-to"},
              {"type":"discount"}]}
            """)!.AsObject();

        Assert.Equal(["changes[0].quantity", "changes[1].sku", "changes[2].address", "changes[3].type"], OrderChange.Check(body).Select(p => p.Field));
    }

    [Fact]
    public void Read_TurnsAValidBodyIntoChanges()
    {
        var body = JsonNode.Parse("""{"orderId":"SO-1","changes":[{"type":"Quantity","lineId":"1","quantity":0},{"type":"ship-to","address":{"city":"Utrecht","country":"NL"}}]}""")!.AsObject();

        Assert.Empty(OrderChange.Check(body));
        var changes = OrderChange.Read(body);
        Assert.Equal((OrderChangeKind.Quantity, "1", 0), (changes[0].Kind, changes[0].LineId, changes[0].Quantity!.Value));
        Assert.Equal(("Utrecht", "NL"), (changes[1].Address!.City, changes[1].Address!.Country));
    }
}
