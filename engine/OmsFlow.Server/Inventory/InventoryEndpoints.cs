using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Orders.Storage;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Http;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Inventory;

/// <summary>Stock per node and SKU, and receiving stock (which wakes orders backordered on it).</summary>
internal static class InventoryEndpoints
{
    /// <summary>The signal backordered orders wait for; its data is <c>{nodeId, sku, quantity}</c>.</summary>
    public const string StockArrivedSignal = "stock-arrived";

    /// <summary>Largest quantity one receipt may add (a typo guard: a pallet count, not a year).</summary>
    public const int MaxReceiveQuantity = 1_000_000;

    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/inventory").WithTags("Inventory");
        group.MapGet("/", ListAsync)
            .WithSummary("Stock rows (on hand, reserved, safety stock, inbound, available), filtered by ?sku= and/or ?nodeId=.")
            .RequireAccess(AccessPolicies.ReadOperations);
        group.MapPost("/{nodeId}/{sku}/receive", ReceiveAsync)
            .WithSummary("Add received units to a node's stock ({\"quantity\": n}) and wake the orders backordered on that SKU.")
            .RequireAccess(AccessPolicies.Operate).Audited("inventory.receive", "sku");
        return app;
    }

    private static async Task<IResult> ListAsync(OmsFlowStorage storage, string? sku, string? nodeId, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var query = context.Inventory.AsNoTracking();
        if (!string.IsNullOrEmpty(sku))
        {
            query = query.Where(i => i.Sku == sku);
        }
        if (!string.IsNullOrEmpty(nodeId))
        {
            query = query.Where(i => i.NodeId == nodeId);
        }
        var rows = await query.OrderBy(i => i.Sku).ThenBy(i => i.NodeId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = rows.Select(Row) });
    }

    private static async Task<IResult> ReceiveAsync(
        string nodeId, string sku, HttpRequest request, OmsFlowStorage storage, OrderStore store, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["quantity"] is not JsonValue value || !value.TryGetValue(out int quantity) || quantity < 1 || quantity > MaxReceiveQuantity)
        {
            return Problems.Unprocessable($"Give the units received as a whole number from 1 to {MaxReceiveQuantity}, e.g. {{\"quantity\": 24}}.", "quantity");
        }
        await using (var context = storage.CreateContext())
        {
            if (!await context.Nodes.AsNoTracking().AnyAsync(n => n.Id == nodeId, cancellationToken).ConfigureAwait(false))
            {
                return Problems.Of(StatusCodes.Status404NotFound, "Not found", $"No node '{nodeId}'; GET /api/nodes lists them.", "nodeId");
            }
            if (!await context.Products.AsNoTracking().AnyAsync(p => p.Sku == sku, cancellationToken).ConfigureAwait(false))
            {
                return Problems.Of(StatusCodes.Status404NotFound, "Not found", $"No product '{sku}'; GET /api/products lists them.", "sku");
            }
        }
        var row = await store.ReceiveStockAsync(nodeId, sku, quantity, cancellationToken).ConfigureAwait(false);
        var resumed = await SignalStockArrivedAsync(store, engine, nodeId, sku, quantity, cancellationToken).ConfigureAwait(false);
        var result = Row(row);
        result["resumed"] = new JsonArray([.. resumed.Select(id => JsonValue.Create(id))]);
        return TypedResults.Ok(result);
    }

    /// <summary>
    /// Wakes the open orders with a backordered line of <paramref name="sku"/>, oldest first (first come, first served).
    /// Each is signalled by its correlation key, the order id: a WaitForSignal step keys its wait by that unless told
    /// otherwise, so a signal without a key (which only reaches waits without one) would wake none of them. Each order
    /// re-sources and, if the stock went to an older order, waits again.
    /// </summary>
    private static async Task<IReadOnlyList<string>> SignalStockArrivedAsync(
        OrderStore store, WorkflowEngine engine, string nodeId, string sku, int quantity, CancellationToken cancellationToken)
    {
        var resumed = new List<string>();
        foreach (var orderId in await store.BackorderedOrdersAsync(sku, cancellationToken).ConfigureAwait(false))
        {
            var data = new JsonObject { ["nodeId"] = nodeId, ["sku"] = sku, ["quantity"] = quantity, ["orderId"] = orderId };
            var outcomes = await engine.SignalAsync(StockArrivedSignal, orderId, null, data, cancellationToken).ConfigureAwait(false);
            resumed.AddRange(outcomes.Select(o => o.InstanceId));
        }
        return resumed;
    }

    private static JsonObject Row(InventoryRecord i) => new()
    {
        ["nodeId"] = i.NodeId,
        ["sku"] = i.Sku,
        ["onHand"] = i.OnHand,
        ["reserved"] = i.Reserved,
        ["safetyStock"] = i.SafetyStock,
        ["inbound"] = i.Inbound,
        ["reorderPoint"] = i.ReorderPoint,
        ["available"] = Math.Max(0, i.OnHand - i.Reserved - i.SafetyStock),
        ["updatedAt"] = DateTimeOffset.FromUnixTimeMilliseconds(i.UpdatedAt).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };
}
