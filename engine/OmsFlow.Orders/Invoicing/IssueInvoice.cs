using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Activities.Documents;
using OmsFlow.Workflows.Runtime;

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
        var year = context.Now.Year.ToString(CultureInfo.InvariantCulture);
        var invoiced = order.Documents.Where(d => d.Kind == "invoice").Sum(d => d.Total ?? 0m);
        var shippingLeft = order.Documents.Any(d => d.Kind == "invoice") ? 0m : pricing.Shipping;
        var data = InvoiceData.Build(order, lines, shippingLeft, Seller, context.Now, DueInDays);
        var total = data["totals"]!["gross"]!.GetValue<decimal>();
        var number = await store.CommitAsync(new AllocateInvoiceNumber("invoice-" + year, Prefix + year + "-", "invoice", order.Id, context.ExecutionKey,
            order.Currency, total, context.Now.ToUnixTimeMilliseconds())).ConfigureAwait(false);
        data["number"] = number.Number;

        var (settings, error) = DocumentRendering.Settings(Culture, null);
        if (settings is null)
        {
            return ActivityResult.Fault(error!, permanent: true);
        }
        LoadedDefinition<Workflows.Versions.Kinds.TemplateBundle> template;
        try
        {
            template = await context.Definitions.ResolveTemplateAsync(context, Template).ConfigureAwait(false);
        }
        catch (DefinitionNotFoundException ex)
        {
            return ActivityResult.Fault(ex.Message, permanent: true);
        }
        var rendered = await DocumentRendering.RenderAndIssueAsync(context, template, data, "pdf", settings).ConfigureAwait(false);
        if (rendered.Kind != ActivityResultKind.Completed || rendered.Output?["documentId"]?.ToString() is not { } documentId)
        {
            return rendered;
        }
        context.Enlist(new AttachInvoiceDocument(number.Number, documentId));
        order.Documents.RemoveAll(d => d.Number == number.Number);
        order.Documents.Add(new OrderDocumentRef { Kind = "invoice", DocumentId = documentId, Number = number.Number, Total = total, IssuedAt = context.Now });
        foreach (var line in lines)
        {
            Lifecycle.Move(order, line, LineStatus.Invoiced, context.Now, number.Number);
        }
        if (order.PaymentStatus is PaymentStatus.Authorized or PaymentStatus.None)
        {
            Lifecycle.Move(order, PaymentStatus.Captured, context.Now, "invoice " + number.Number);
        }
        if (order.Payment is { } payment)
        {
            payment.Captured = invoiced + total;
        }
        Save(context, order);
        return ActivityResult.Done(new JsonObject { ["number"] = number.Number, ["documentId"] = documentId, ["total"] = total, ["currency"] = order.Currency });
    }
}
