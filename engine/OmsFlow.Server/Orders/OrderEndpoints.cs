using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Orders.Capture;
using OmsFlow.Orders.Storage;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Hooks;
using OmsFlow.Server.Http;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Documents;

namespace OmsFlow.Server.Orders;

/// <summary>
/// The order-management side of the API: <c>GET /api/orders</c> and <c>/api/orders/{id}</c>, and the contracts of the
/// order hooks (<c>POST /hooks/orders</c> takes an order; <c>POST /hooks/shipments</c> takes a warehouse or carrier event
/// and resumes the order named by its <c>orderId</c>).
/// </summary>
internal static class OrderEndpoints
{
    private static readonly string[] ShipmentStatuses = ["shipped", "delivered"];

    public static IServiceCollection AddOmsFlowOrders(this IServiceCollection services)
    {
        services.AddSingleton<OrderStore>();
        services.AddSingleton(new HookContract("orders", body => [.. OrderPayload.Check(body).Select(p => (p.Field, p.Message))]));
        services.AddSingleton(new HookContract("shipments", CheckShipmentEvent, body => body["orderId"]?.ToString()));
        services.AddSingleton(new HookContract("order-cancellations", RequireOrderId, body => body["orderId"]?.ToString()));
        services.AddOrderFlowHooks();
        return services;
    }

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orders").WithTags("Orders");
        group.MapGet("/", ListAsync).WithSummary("Orders, newest first, by status or customer.").RequireAccess(AccessPolicies.ReadInstances);
        group.MapGet("/{id}", GetAsync).WithSummary("One order: statuses, lines, prices, holds, shipments, documents, reservations, invoices and its instance.")
            .RequireAccess(AccessPolicies.ReadInstances);
        app.MapOrderOperationsApi();
        return app;
    }

    private static List<(string Field, string Message)> RequireOrderId(JsonObject body)
        => body["orderId"] is JsonValue orderId && !string.IsNullOrWhiteSpace(orderId.ToString()) ? [] : [("orderId", "is required: the order the request is about.")];

    private static List<(string Field, string Message)> CheckShipmentEvent(JsonObject body)
    {
        var problems = new List<(string, string)>();
        problems.AddRange(RequireOrderId(body));
        if (body["status"]?.ToString() is not { } status || !ShipmentStatuses.Contains(status, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(("status", "must be \"shipped\" or \"delivered\"."));
        }
        if (body["status"]?.ToString() is "shipped" && string.IsNullOrWhiteSpace(body["trackingNumber"]?.ToString()))
        {
            problems.Add(("trackingNumber", "is required when a parcel ships."));
        }
        return problems;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, OmsFlowStorage storage, string? status, string? customerId, int? limit, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var query = context.Orders.AsNoTracking().VisibleTo(context, user);
        if (!string.IsNullOrEmpty(status))
        {
            query = query.Where(o => o.Status == status);
        }
        if (!string.IsNullOrEmpty(customerId))
        {
            query = query.Where(o => o.CustomerId == customerId);
        }
        var rows = await query.OrderByDescending(o => o.CreatedAt).Take(Math.Clamp(limit ?? 100, 1, 1000))
            .Select(o => new { o.Id, o.Status, o.PaymentStatus, o.CustomerId, o.Channel, o.Currency, o.GrandTotal, o.InstanceId, o.CreatedAt, o.UpdatedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            items = rows.Select(o => new
            {
                id = o.Id, status = o.Status, paymentStatus = o.PaymentStatus, customerId = o.CustomerId, channel = o.Channel, currency = o.Currency,
                grandTotal = o.GrandTotal, instanceId = o.InstanceId,
                createdAt = DateTimeOffset.FromUnixTimeMilliseconds(o.CreatedAt), updatedAt = DateTimeOffset.FromUnixTimeMilliseconds(o.UpdatedAt),
            }),
        });
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, OmsFlowStorage storage, OrderStore orders, DocumentStore documents, CancellationToken cancellationToken)
    {
        if (await orders.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } record || !await storage.CanReadInstanceAsync(user, record.InstanceId, cancellationToken).ConfigureAwait(false))
        {
            return Problems.NotFound($"No order {id}. Orders appear here once /hooks/orders took them in.");
        }
        var order = JsonNode.Parse(record.Document)!.AsObject();
        var reservations = await orders.ReservationsAsync(id, cancellationToken).ConfigureAwait(false);
        var invoices = await orders.InvoicesAsync(id, cancellationToken).ConfigureAwait(false);
        var issued = record.InstanceId is null ? [] : await documents.ListByInstanceAsync(record.InstanceId, cancellationToken).ConfigureAwait(false);
        order["reservations"] = new JsonArray([.. reservations.Select(r => new JsonObject
        {
            ["id"] = r.Id, ["lineId"] = r.LineId, ["nodeId"] = r.NodeId, ["sku"] = r.Sku, ["quantity"] = r.Quantity, ["status"] = r.Status,
        })]);
        order["invoices"] = new JsonArray([.. invoices.Select(i => new JsonObject
        {
            ["number"] = i.Number, ["kind"] = i.Kind, ["documentId"] = i.DocumentId, ["currency"] = i.Currency, ["total"] = i.Total,
            ["issuedAt"] = DateTimeOffset.FromUnixTimeMilliseconds(i.IssuedAt),
        })]);
        order["issuedDocuments"] = new JsonArray([.. issued.Select(d => new JsonObject
        {
            ["id"] = d.Id, ["kind"] = d.Kind, ["mediaType"] = d.MediaType, ["template"] = d.TemplateId, ["templateVersion"] = d.TemplateVersion,
            ["url"] = $"/api/documents/{d.Id}",
        })]);
        order["instanceId"] = record.InstanceId;
        return TypedResults.Ok(order);
    }
}
