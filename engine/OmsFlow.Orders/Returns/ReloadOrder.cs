using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Returns;

/// <summary>
/// Replaces the order in the workflow variable with the order's row as stored now. A return runs in its own instance
/// and writes the order's row; the fulfilment instance reloads before its last write (closing the order after the
/// review request), so it closes the order as the return left it instead of overwriting the return with its older copy.
/// </summary>
[Activity("ReloadOrder", Category = "Orders",
    Description = "Reload the order variable from the order's stored row (picks up changes another instance made, e.g. a return). Output: status, fulfilment.")]
public sealed class ReloadOrder : OrderActivity
{
    protected override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        if (await store.GetAsync(order.Id, context.CancellationToken).ConfigureAwait(false) is not { } record)
        {
            return ActivityResult.Done(new JsonObject { ["status"] = order.Status.ToString(), ["fulfilment"] = order.FulfilmentStatus, ["stored"] = false });
        }
        var stored = OrderJson.Read(JsonNode.Parse(record.Document));
        context.Variables[Variable] = OrderJson.Write(stored);
        return ActivityResult.Done(new JsonObject { ["status"] = stored.Status.ToString(), ["fulfilment"] = stored.FulfilmentStatus, ["stored"] = true });
    }
}
