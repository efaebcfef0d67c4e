using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Invoicing;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Returns;

/// <summary>
/// Refunds the returned lines with a credit note: the next number of the credit-note series (gapless, like invoices:
/// the number and its row commit together, and a step that runs again gets the same number), the PDF from the pinned
/// credit-note template referencing the invoice it credits, the lines Refunded and the payment PartiallyRefunded, or
/// Refunded once everything captured is paid back.
/// </summary>
/// <remarks>Shipping is not credited: the parcel went out as ordered. The refund itself leaves through the payment
/// integration listening for the flow's refund event.</remarks>
[Activity("IssueCreditNote", Category = "Orders",
    Description = "Number (gapless CN- series) and render the credit-note PDF for the Returned lines, mark them Refunded, and move the payment to PartiallyRefunded/Refunded. Output: number, documentId, total, currency, creditedInvoice.")]
public sealed class IssueCreditNote : OrderActivity
{
    [Input(Description = "Credit-note template set (default credit-note).")]
    public string Template { get; set; } = "credit-note";

    [Input(Required = true, Description = "The seller: name, vatId, iban, email, address, e.g. =seller.", Editor = "expression")]
    public JsonObject Seller { get; set; } = [];

    [Input(Description = "Why, printed on the credit note, e.g. =\"Returned: \" + ... (default the return reasons).", Editor = "expression")]
    public string? Reason { get; set; }

    [Input(Description = "Number prefix; the year is added (default CN-).")]
    public string Prefix { get; set; } = "CN-";

    [Input(Description = "Culture for the PDF's money and dates, e.g. nl-NL (default en-US).")]
    public string? Culture { get; set; }

    protected override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var lines = order.Lines.Where(l => l.Status == LineStatus.Returned).ToList();
        if (lines.Count == 0)
        {
            return ActivityResult.Fault($"Order {order.Id} has no returned lines to credit; ReceiveReturn books them in first.", permanent: true);
        }
        if (order.Pricing is null)
        {
            return ActivityResult.Fault($"Order {order.Id} was never priced, so there is nothing to credit.", permanent: true);
        }
        var data = InvoiceData.Build(order, lines, 0m, Seller, context.Now, null);
        var total = data["totals"]!["gross"]!.GetValue<decimal>();
        var credited = order.Documents.LastOrDefault(d => d.Kind == "invoice")?.Number;
        data["creditedInvoiceNumber"] = credited ?? string.Empty;
        data["reason"] = Reason ?? "Returned: " + string.Join(", ", lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Quantity} x {l.Name ?? l.Sku}")));
        data["baseCurrency"] ??= order.Currency;
        data["exchangeRate"] ??= 1m;

        var (number, documentId, failure) = await NumberedDocument.IssueAsync(context, order, store, "credit-note", Prefix, Template, data, total, Culture).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }
        foreach (var line in lines)
        {
            Lifecycle.Move(order, line, LineStatus.Refunded, context.Now, number);
        }
        var payment = order.Payment ??= new PaymentInfo();
        payment.Refunded += total;
        var everything = payment.Refunded >= payment.Captured;
        Lifecycle.Move(order, everything ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded, context.Now, number);
        Save(context, order);
        return ActivityResult.Done(new JsonObject
        {
            ["number"] = number, ["documentId"] = documentId, ["total"] = total, ["currency"] = order.Currency, ["creditedInvoice"] = credited,
            ["refunded"] = payment.Refunded, ["method"] = payment.Method, ["issuedAt"] = context.Now.ToString("O", CultureInfo.InvariantCulture),
        });
    }
}
