using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Activities.Documents;

namespace OmsFlow.Orders.Invoicing;

/// <summary>
/// Issuing an invoice or a credit note: the next number of its yearly series (committed at once, so there are no gaps
/// and a step that runs again gets the same number), the PDF from the pinned template, the number linked to the stored
/// document, and the document recorded on the order.
/// </summary>
internal static class NumberedDocument
{
    /// <summary>The issued number and document id, or the failed result to return.</summary>
    public static async Task<(string Number, string DocumentId, ActivityResult? Failure)> IssueAsync(
        ActivityContext context, Order order, OrderStore store, string kind, string prefix, string templateId, JsonObject data, decimal total, string? culture)
    {
        var year = context.Now.Year.ToString(CultureInfo.InvariantCulture);
        var number = (await store.CommitAsync(new AllocateInvoiceNumber(kind + "-" + year, prefix + year + "-", kind, order.Id, context.ExecutionKey,
            order.Currency, total, context.Now.ToUnixTimeMilliseconds())).ConfigureAwait(false)).Number;
        data["number"] = number;
        var rendered = await DocumentRendering.RenderAndIssueAsync(context, templateId, data, "pdf", culture, null).ConfigureAwait(false);
        if (rendered.Kind != ActivityResultKind.Completed || rendered.Output?["documentId"]?.ToString() is not { } documentId)
        {
            return (number, string.Empty, rendered);
        }
        context.Enlist(new AttachInvoiceDocument(number, documentId));
        order.Documents.RemoveAll(d => d.Number == number);
        order.Documents.Add(new OrderDocumentRef { Kind = kind, DocumentId = documentId, Number = number, Total = total, IssuedAt = context.Now });
        return (number, documentId, null);
    }
}
