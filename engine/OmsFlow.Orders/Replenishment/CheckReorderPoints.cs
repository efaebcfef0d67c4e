using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Storage;
using OmsFlow.Persistence.Records;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Replenishment;

/// <summary>
/// Finds every stock row at or under its reorder point (available = on hand - reserved) that has no open purchase
/// request yet, and raises one for it - the quantity from the <c>replenishment</c> decision table - together with a
/// <c>reorder</c> alert. Both are written with this step's commit, keyed by the step's execution, so a run that is
/// retried after a crash raises nothing twice.
/// </summary>
/// <remarks>
/// Rows with a reorder point of 0 are not replenished (the SKU is not stocked there). A row whose table row gives no
/// positive quantity is skipped and reported in the output's <c>skipped</c> list, so a table gap is visible.
/// </remarks>
[Activity("CheckReorderPoints", Category = "Orders", Outcomes = ["raised", "none"],
    Description = "Raise a purchase request and a reorder alert for every SKU at or under its reorder point without an open request; quantity from the replenishment table. Output: raised[], skipped[].")]
public sealed class CheckReorderPoints : Activity
{
    [Input(Description = "Decision table giving quantity (and alert priority) per stock row (default replenishment).")]
    public string Table { get; set; } = "replenishment";

    [Input(Description = "Only check this node (default every node).")]
    public string? Node { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var store = OrderActivity.Store(context);
        var (low, kinds) = await LowStockAsync(store, Node, context.CancellationToken).ConfigureAwait(false);
        var raised = new JsonArray();
        var skipped = new JsonArray();
        var now = context.Now.ToUnixTimeMilliseconds();
        foreach (var row in low)
        {
            var available = row.OnHand - row.Reserved;
            var input = new JsonObject
            {
                ["nodeId"] = row.NodeId, ["nodeKind"] = kinds.GetValueOrDefault(row.NodeId, "dc"), ["sku"] = row.Sku, ["onHand"] = row.OnHand,
                ["reserved"] = row.Reserved, ["available"] = available, ["inbound"] = row.Inbound, ["reorderPoint"] = row.ReorderPoint,
                ["safetyStock"] = row.SafetyStock,
            };
            JsonNode? decision;
            try
            {
                decision = await Decisions.TableAsync(context, Table, input).ConfigureAwait(false);
            }
            catch (DecisionException ex)
            {
                return ActivityResult.Fault(ex.Message, permanent: true);
            }
            var quantity = WholeNumber(decision?["quantity"]);
            if (quantity is not > 0)
            {
                skipped.Add(new JsonObject { ["nodeId"] = row.NodeId, ["sku"] = row.Sku, ["reason"] = $"table '{Table}' gave no positive quantity" });
                continue;
            }
            var key = $"{context.ExecutionKey}/{row.NodeId}/{row.Sku}";
            var reason = string.Create(CultureInfo.InvariantCulture, $"{available} available at or under reorder point {row.ReorderPoint}");
            var priority = Math.Clamp(WholeNumber(decision?["priority"]) ?? Alerts.RaiseAlert.DefaultPriority, 0, 100);
            context.Enlist(new RaisePurchaseRequest(
                new PurchaseRequestRecord
                {
                    Id = RequestId(key), NodeId = row.NodeId, Sku = row.Sku, Quantity = quantity.Value, Status = "open", Reason = reason,
                    ExecutionKey = key, CreatedAt = now,
                },
                new OrderAlertRecord
                {
                    Id = key, Kind = "reorder", InstanceId = context.InstanceId, Step = context.Step.Name, Priority = priority, CreatedAt = now,
                    Message = string.Create(CultureInfo.InvariantCulture, $"{row.Sku} at {row.NodeId}: {reason}; purchase request for {quantity} raised."),
                }));
            raised.Add(new JsonObject
            {
                ["nodeId"] = row.NodeId, ["sku"] = row.Sku, ["available"] = available, ["reorderPoint"] = row.ReorderPoint, ["quantity"] = quantity,
                ["priority"] = priority,
            });
        }
        var output = new JsonObject { ["raised"] = raised, ["skipped"] = skipped, ["count"] = raised.Count };
        return ActivityResult.Done(raised.Count > 0 ? "raised" : "none", output);
    }

    /// <summary>Stock rows at or under their reorder point with no open purchase request, and each node's kind.</summary>
    private static async Task<(List<InventoryRecord> Low, Dictionary<string, string> Kinds)> LowStockAsync(OrderStore store, string? node, CancellationToken cancellationToken)
    {
        await using var db = store.Storage.CreateContext();
        var rows = db.Inventory.AsNoTracking().Where(i => i.ReorderPoint > 0 && i.OnHand - i.Reserved <= i.ReorderPoint);
        if (!string.IsNullOrEmpty(node))
        {
            rows = rows.Where(i => i.NodeId == node);
        }
        var open = db.PurchaseRequests.AsNoTracking().Where(p => p.Status == "open");
        var low = await rows.Where(i => !open.Any(p => p.NodeId == i.NodeId && p.Sku == i.Sku))
            .OrderBy(i => i.NodeId).ThenBy(i => i.Sku).ToListAsync(cancellationToken).ConfigureAwait(false);
        var kinds = await db.Nodes.AsNoTracking().ToDictionaryAsync(n => n.Id, n => n.Kind, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        return (low, kinds);
    }

    /// <summary>A short id that stays the same for the same execution, node and SKU (a retried step writes the same row).</summary>
    private static string RequestId(string key)
        => "PR-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16];

    private static int? WholeNumber(JsonNode? value)
    {
        if (value is not JsonValue scalar)
        {
            return null;
        }
        if (scalar.TryGetValue<int>(out var number))
        {
            return number;
        }
        if (scalar.TryGetValue<long>(out var wide))
        {
            return (int)Math.Clamp(wide, int.MinValue, int.MaxValue);
        }
        return decimal.TryParse(scalar.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var exact)
            ? (int)Math.Ceiling(exact) : null;
    }
}
