using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Capture;

/// <summary>
/// Takes in an order as a channel sent it: numbers its lines, fills in what the customer and product masters know
/// (segment, demand class, credit limit, VAT id; product name, tax category, weight), records the payment
/// authorisation, and stores the order (status Created) in the <c>order</c> variable and the orders table.
/// </summary>
[Activity("CaptureOrder", Category = "Orders",
    Description = "Take in an order as the channel sent it, enrich it from the customer and product masters, and store it (status Created). Output: orderId, status.")]
public sealed class CaptureOrder : Activity
{
    [Input(Required = true, Description = "The order JSON as the channel sent it, e.g. =order.", Editor = "expression")]
    public JsonNode? Order { get; set; }

    [Input(Description = "Workflow variable to keep the order in (default order).")]
    public string Variable { get; set; } = "order";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Order order;
        try
        {
            order = OrderJson.Read(Order);
        }
        catch (JsonException ex)
        {
            return ActivityResult.Fault($"The order is not valid JSON for an order: {ex.Message}", permanent: true);
        }
        var problems = OrderPayload.Check(order);
        if (problems.Count > 0)
        {
            return ActivityResult.Fault("The order cannot be captured: " + string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")), permanent: true);
        }
        var store = OrderActivity.Store(context);
        for (var i = 0; i < order.Lines.Count; i++)
        {
            var line = order.Lines[i];
            if (string.IsNullOrWhiteSpace(line.Id))
            {
                line.Id = (i + 1).ToString(CultureInfo.InvariantCulture);
            }
        }
        var products = await store.ProductsAsync(order.Lines.Select(l => l.Sku), context.CancellationToken).ConfigureAwait(false);
        foreach (var line in order.Lines)
        {
            if (products.TryGetValue(line.Sku, out var product))
            {
                line.Name ??= product.Name;
                line.TaxCategory ??= product.TaxCategory;
                line.WeightGrams ??= product.WeightGrams;
            }
        }
        if (order.Customer.Id is { } customerId && await store.GetCustomerAsync(customerId, context.CancellationToken).ConfigureAwait(false) is { } customer)
        {
            order.Customer.Name ??= customer.Name;
            order.Customer.Email ??= customer.Email;
            order.Customer.Segment ??= customer.Segment;
            order.Customer.DemandClass ??= customer.DemandClass;
            order.Customer.VatId ??= customer.VatId;
            order.Customer.CreditLimit ??= customer.CreditLimit;
        }
        order.Customer.Segment ??= order.Flags.Vip ? "vip" : "consumer";
        order.Currency = order.Currency.ToUpperInvariant();
        order.PlacedAt ??= context.Now;
        order.InstanceId = context.InstanceId;
        order.Status = OrderStatus.Created;
        order.History.Add(new StatusChange { At = context.Now, Subject = "order", From = string.Empty, To = nameof(OrderStatus.Created), Reason = "captured from " + order.Channel });
        if (!string.IsNullOrEmpty(order.Payment?.AuthorizationId))
        {
            Lifecycle.Move(order, PaymentStatus.Authorized, context.Now, "authorisation " + order.Payment.AuthorizationId);
        }
        order.FulfilmentStatus = Lifecycle.RollUp(order.Lines);
        var (variable, document) = OrderJson.WriteBoth(order);
        context.Variables[Variable] = variable;
        context.Enlist(new SaveOrder(store.ToRecord(order, document)));
        return ActivityResult.Done(new JsonObject { ["orderId"] = order.Id, ["status"] = order.Status.ToString(), ["lines"] = order.Lines.Count });
    }
}
