using Microsoft.EntityFrameworkCore;
using OmsFlow.Orders.Alerts;
using OmsFlow.Orders.Storage;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Http;
using OmsFlow.Server.Security;

namespace OmsFlow.Server.Orders;

/// <summary>
/// What ops watch besides orders: <c>GET /api/alerts</c> (jeopardy, reorder, ... newest and most urgent first),
/// <c>POST /api/alerts/{id}/acknowledge</c>, and <c>GET /api/purchase-requests</c> raised by replenishment.
/// </summary>
internal static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapOrderOperationsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/alerts").WithTags("Alerts");
        alerts.MapGet("/", ListAlertsAsync).WithSummary("Alerts for ops by kind (jeopardy, reorder, hold) or order; open ones only unless all=true; most urgent first.")
            .RequireAccess(AccessPolicies.ReadOperations);
        alerts.MapPost("/{id}/acknowledge", AcknowledgeAsync).WithSummary("Mark an alert as seen; it leaves the open list.")
            .RequireAccess(AccessPolicies.Operate).Audited("alert.acknowledge");
        app.MapGet("/api/purchase-requests", ListPurchaseRequestsAsync).WithTags("Purchase requests")
            .WithSummary("Purchase requests raised when stock fell to its reorder point, newest first, by status, node or SKU.")
            .RequireAccess(AccessPolicies.ReadOperations);
        return app;
    }

    private static async Task<IResult> ListAlertsAsync(OmsFlowStorage storage, string? kind, string? orderId, bool? all, int? limit, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var query = context.Alerts.AsNoTracking();
        if (!string.IsNullOrEmpty(kind))
        {
            query = query.Where(a => a.Kind == kind);
        }
        if (!string.IsNullOrEmpty(orderId))
        {
            query = query.Where(a => a.OrderId == orderId);
        }
        if (all is not true)
        {
            query = query.Where(a => a.AcknowledgedAt == null);
        }
        var rows = await query.OrderByDescending(a => a.Priority).ThenByDescending(a => a.CreatedAt).ThenBy(a => a.Id)
            .Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            items = rows.Select(a => new
            {
                id = a.Id, kind = a.Kind, orderId = a.OrderId, instanceId = a.InstanceId, step = a.Step, priority = a.Priority, message = a.Message,
                createdAt = DateTimeOffset.FromUnixTimeMilliseconds(a.CreatedAt),
                acknowledgedAt = a.AcknowledgedAt is { } seen ? DateTimeOffset.FromUnixTimeMilliseconds(seen) : (DateTimeOffset?)null,
            }),
        });
    }

    private static async Task<IResult> AcknowledgeAsync(string id, OrderStore orders, CancellationToken cancellationToken)
    {
        var write = await orders.CommitAsync(new AcknowledgeAlert(id, orders.Clock.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false);
        if (!write.Found)
        {
            return Problems.NotFound($"No alert {id}. GET /api/alerts?all=true lists them.");
        }
        await using var context = orders.Storage.CreateContext();
        var seen = await context.Alerts.AsNoTracking().Where(a => a.Id == id).Select(a => a.AcknowledgedAt).FirstAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { id, acknowledgedAt = DateTimeOffset.FromUnixTimeMilliseconds(seen ?? 0) });
    }

    private static async Task<IResult> ListPurchaseRequestsAsync(
        OmsFlowStorage storage, string? status, string? nodeId, string? sku, int? limit, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var query = context.PurchaseRequests.AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            query = query.Where(p => p.Status == status);
        }
        if (!string.IsNullOrEmpty(nodeId))
        {
            query = query.Where(p => p.NodeId == nodeId);
        }
        if (!string.IsNullOrEmpty(sku))
        {
            query = query.Where(p => p.Sku == sku);
        }
        var rows = await query.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.NodeId).ThenBy(p => p.Sku)
            .Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            items = rows.Select(p => new
            {
                id = p.Id, nodeId = p.NodeId, sku = p.Sku, quantity = p.Quantity, status = p.Status, reason = p.Reason,
                createdAt = DateTimeOffset.FromUnixTimeMilliseconds(p.CreatedAt),
            }),
        });
    }
}
