using OmsFlow.Orders.Model;

namespace OmsFlow.Orders.Tests.Model;

public sealed class LifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OrderMoves_FollowTheLifecycle_AndRecordHistory()
    {
        var order = new Order { Id = "SO-1" };
        Lifecycle.Move(order, OrderStatus.Validated, Now);
        Lifecycle.Move(order, OrderStatus.Processing, Now);
        Lifecycle.Move(order, OrderStatus.Closed, Now, "done");

        Assert.Equal(["Validated", "Processing", "Closed"], order.History.Select(h => h.To));
        var error = Assert.Throws<OrderTransitionException>(() => Lifecycle.Move(order, OrderStatus.Processing, Now));
        Assert.Contains("it is final", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALine_CannotBeCancelledOnceShipped()
    {
        var line = new OrderLine { Id = "1", Sku = "A", Quantity = 1, Status = LineStatus.Shipped };
        var order = new Order { Id = "SO-1", Lines = [line] };

        var error = Assert.Throws<OrderTransitionException>(() => Lifecycle.Move(order, line, LineStatus.Cancelled, Now));
        Assert.Contains("from Shipped it can go to Delivered, Invoiced", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LineStatuses_RollUpToPartially_WhenLinesDisagree()
    {
        var order = new Order
        {
            Id = "SO-1",
            Lines = [new OrderLine { Id = "1", Status = LineStatus.Released }, new OrderLine { Id = "2", Status = LineStatus.Released }, new OrderLine { Id = "3", Status = LineStatus.Cancelled }],
        };
        Lifecycle.Move(order, order.Lines[0], LineStatus.Shipped, Now);

        Assert.Equal("PartiallyShipped", order.FulfilmentStatus);
        Lifecycle.Move(order, order.Lines[1], LineStatus.Shipped, Now);
        Assert.Equal("Shipped", order.FulfilmentStatus);
    }

    [Fact]
    public void Payment_CapturedThenRefunded_ButAVoidedAuthorisationIsFinal()
    {
        var order = new Order { Id = "SO-1", PaymentStatus = PaymentStatus.Authorized };
        Lifecycle.Move(order, PaymentStatus.Captured, Now);
        Lifecycle.Move(order, PaymentStatus.PartiallyRefunded, Now);
        Lifecycle.Move(order, PaymentStatus.Refunded, Now);

        var voided = new Order { Id = "SO-2", PaymentStatus = PaymentStatus.Voided };
        Assert.Throws<OrderTransitionException>(() => Lifecycle.Move(voided, PaymentStatus.Captured, Now));
    }
}
