using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Risk;

/// <summary>Releases the order's active holds (all, or of one type) and returns it to Validated.</summary>
[Activity("ReleaseHolds", Category = "Orders", Description = "Release the order's active holds (all or one type), recording who released them; the order goes back to Validated.")]
public sealed class ReleaseHolds : OrderActivity
{
    [Input(Description = "Only holds of this type (fraud, credit, address, manual); empty releases all.")]
    public string? Type { get; set; }

    [Input(Description = "Who released them, e.g. =steps.review.output.completedBy.", Editor = "expression")]
    public string? By { get; set; }

    protected override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var released = 0;
        foreach (var hold in order.Holds.Where(h => h.Active && (string.IsNullOrEmpty(Type) || h.Type == Type)))
        {
            hold.ReleasedAt = context.Now;
            hold.ReleasedBy = By ?? "workflow";
            released++;
        }
        if (order.Status == OrderStatus.OnHold && !order.Holds.Any(h => h.Active))
        {
            Lifecycle.Move(order, OrderStatus.Validated, context.Now, $"holds released by {By ?? "workflow"}");
        }
        Save(context, order);
        return ValueTask.FromResult(ActivityResult.Done(new JsonObject { ["released"] = released }));
    }
}
