using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Invoicing;

/// <summary>
/// Issues the invoice for the order's shipped lines: the next number of the invoice series (no gaps: the number is
/// committed with the invoice row, and a step that runs again gets the same number back), the PDF from the pinned
/// invoice template, stored immutable. The payment is captured; the lines move to Invoiced.
/// </summary>
[Activity("IssueInvoice", Category = "Orders",
    Description = "Number (gapless series) and render the invoice PDF for the shipped lines, store it immutable, capture the payment. Output: number, documentId, total.")]
public sealed class IssueInvoice : OrderActivity
{
    [Input(Description = "Invoice template set (default invoice).")]
    public string Template { get; set; } = "invoice";

    [Input(Required = true, Description = "The seller: name, vatId, iban, email, address, e.g. =seller.", Editor = "expression")]
    public JsonObject Seller { get; set; } = [];

    [Input(Description = "Days until payment is due (B2B terms); empty for paid orders.")]
    public int? DueInDays { get; set; }

    [Input(Description = "Number prefix; the year is added (default INV-).")]
    public string Prefix { get; set; } = "INV-";

    [Input(Description = "Culture for the PDF's money and dates, e.g. nl-NL (default en-US).")]
    public string? Culture { get; set; }

    protected override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var lines = order.Lines.Where(l => !l.Gift && l.Status is LineStatus.Shipped or LineStatus.Delivered).ToList();
        if (lines.Count == 0)
        {
            return ActivityResult.Fault($"Order {order.Id} has no shipped lines to invoice.", permanent: true);
        }
        var pricing = order.Pricing ?? throw new InvalidOperationException($"Order {order.Id} was not priced; run PriceOrder before IssueInvoice.");
        var invoiced = order.Documents.Where(d => d.Kind == "invoice").Sum(d => d.Total ?? 0m);
        var shippingLeft = order.Documents.Any(d => d.Kind == "invoice") ? 0m : pricing.Shipping;
        var data = InvoiceData.Build(order, lines, shippingLeft, Seller, context.Now, DueInDays);
        var total = data["totals"]!["gross"]!.GetValue<decimal>();
        var (number, documentId, failure) = await NumberedDocument.IssueAsync(context, order, store, "invoice", Prefix, Template, data, total, Culture).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }
        foreach (var line in lines)
        {
            Lifecycle.Move(order, line, LineStatus.Invoiced, context.Now, number);
        }
        if (order.PaymentStatus is PaymentStatus.Authorized or PaymentStatus.None)
        {
            Lifecycle.Move(order, PaymentStatus.Captured, context.Now, "invoice " + number);
        }
        if (order.Payment is { } payment)
        {
            payment.Captured = invoiced + total;
        }
        Save(context, order);
        return ActivityResult.Done(new JsonObject { ["number"] = number, ["documentId"] = documentId, ["total"] = total, ["currency"] = order.Currency });
    }
}
