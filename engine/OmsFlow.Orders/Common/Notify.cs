using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Activities.Documents;

namespace OmsFlow.Orders.Common;

/// <summary>
/// Emails the customer about the order with one of the standard templates (order-confirmation, shipped, delivered,
/// review-request, cancellation, refund): builds the data those templates read from the order, then sends it like
/// SendEmail does (through the outbox, once per step execution).
/// </summary>
[Activity("Notify", Category = "Orders",
    Description = "Email the customer about the order with a standard template (order-confirmation, shipped, delivered, review-request, cancellation, refund); the data is built from the order.")]
public sealed class Notify : OrderActivity
{
    [Input(Required = true, Description = "Email template set.", Options = ["order-confirmation", "shipped", "delivered", "review-request", "cancellation", "refund"])]
    public string Template { get; set; } = "order-confirmation";

    [Input(Required = true, Description = "The shop: name, supportEmail, url, country, e.g. =shop.", Editor = "expression")]
    public JsonObject Shop { get; set; } = [];

    [Input(Description = "Recipient; default the order's customer email.", Editor = "expression")]
    public string? To { get; set; }

    [Input(Description = "The shipment the email is about (shipped, delivered), e.g. =steps.record.output.shipment.", Editor = "expression")]
    public JsonObject? Shipment { get; set; }

    [Input(Description = "Extra data merged into the email's data (e.g. {refund: ...}).", Editor = "expression")]
    public JsonObject? Extra { get; set; }

    [Input(Description = "Issued document ids to attach, e.g. =steps.invoice.output.documentId.", Editor = "expression")]
    public JsonNode? Attachments { get; set; }

    [Input(Description = "Culture for money and dates, e.g. nl-NL (default en-US).")]
    public string? Culture { get; set; }

    protected override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var to = To ?? order.Customer.Email;
        if (string.IsNullOrWhiteSpace(to))
        {
            return ActivityResult.Done(new JsonObject { ["skipped"] = $"Order {order.Id} has no customer email." });
        }
        var data = Build(order, Shop, Shipment, context.Now);
        if (Extra is not null)
        {
            foreach (var (key, value) in Extra)
            {
                data[key] = value?.DeepClone();
            }
        }
        var email = new SendEmail { Template = Template, To = to, Data = data, Attachments = Attachments?.DeepClone(), Culture = Culture };
        return await email.ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>The data the standard order emails read.</summary>
    public static JsonObject Build(Order order, JsonObject shop, JsonObject? shipment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(shop);
        var json = OrderJson.Write(order);
        var names = (order.Customer.Name ?? order.ShipTo?.Name ?? string.Empty).Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        JsonObject Line(OrderLine l, int? quantity = null) => new()
        {
            ["sku"] = l.Sku, ["name"] = l.Name ?? l.Sku, ["quantity"] = quantity ?? l.Quantity, ["unitPrice"] = l.UnitPrice ?? 0m,
            ["total"] = l.LineTotal ?? ((l.UnitPrice ?? 0m) * (quantity ?? l.Quantity)),
        };
        var pricing = order.Pricing;
        var data = new JsonObject
        {
            ["shop"] = shop.DeepClone(),
            ["customer"] = new JsonObject
            {
                ["firstName"] = names.Length > 0 ? names[0] : string.Empty, ["lastName"] = names.Length > 1 ? names[1] : string.Empty, ["email"] = order.Customer.Email,
            },
            ["shipTo"] = json["shipTo"]?.DeepClone(),
            ["order"] = new JsonObject
            {
                ["number"] = order.Id,
                ["placedAt"] = order.PlacedAt?.ToString("O", CultureInfo.InvariantCulture),
                ["currency"] = order.Currency,
                ["lines"] = new JsonArray([.. order.Lines.Where(l => l.Status != LineStatus.Cancelled || order.Status == OrderStatus.Cancelled).Select(l => Line(l))]),
                ["subtotal"] = pricing?.Subtotal ?? 0m,
                ["discount"] = pricing?.DiscountTotal ?? 0m,
                ["shipping"] = pricing?.Shipping ?? 0m,
                ["tax"] = pricing?.TaxTotal ?? 0m,
                ["total"] = pricing?.GrandTotal ?? 0m,
                ["fullyCancelled"] = order.Status == OrderStatus.Cancelled,
                ["reason"] = order.CancelReason,
                ["refundAmount"] = order.Payment?.Refunded ?? 0m,
                ["deliveredAt"] = order.Shipments.Where(s => s.DeliveredAt is not null).Select(s => s.DeliveredAt!.Value).DefaultIfEmpty(now).Max().ToString("O", CultureInfo.InvariantCulture),
            },
            ["products"] = new JsonArray([.. order.Lines.Where(l => !l.Gift).DistinctBy(l => l.Sku).Select(l => new JsonObject
            {
                ["name"] = l.Name ?? l.Sku,
                ["reviewUrl"] = $"{shop["url"]?.ToString()?.TrimEnd('/')}/review/{Uri.EscapeDataString(l.Sku)}?o={Uri.EscapeDataString(order.Id)}",
            })]),
        };
        if (shipment is not null)
        {
            var lineIds = shipment["lineIds"] as JsonArray;
            var shipped = order.Lines.Where(l => lineIds?.Any(id => id?.ToString() == l.Id) == true).ToList();
            var remaining = order.Lines.Where(l => !l.Gift && l.Status != LineStatus.Cancelled && !Lifecycle.IsShippedOrLater(l.Status)).Sum(l => l.Quantity);
            var tracking = shipment["trackingNumber"]?.ToString();
            data["shipment"] = new JsonObject
            {
                ["carrier"] = shipment["carrier"]?.DeepClone(),
                ["service"] = shipment["service"]?.DeepClone(),
                ["trackingNumber"] = tracking,
                ["trackingUrl"] = $"{shop["url"]?.ToString()?.TrimEnd('/')}/track/{Uri.EscapeDataString(tracking ?? string.Empty)}",
                ["estimatedDelivery"] = shipment["estimatedDelivery"]?.DeepClone(),
                ["deliveredAt"] = shipment["deliveredAt"]?.DeepClone(),
                ["partial"] = remaining > 0 || order.Shipments.Count(s => s.Status != "cancelled") > 1,
                ["remainingItems"] = remaining,
                ["lines"] = new JsonArray([.. shipped.Select(l => Line(l))]),
            };
        }
        return data;
    }
}
