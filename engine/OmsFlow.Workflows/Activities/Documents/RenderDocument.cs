using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Activities.Documents;

/// <summary>
/// Renders a published template set (the version the instance pinned) and issues the result as an immutable
/// document; the output carries its id, for attachments and downloads.
/// </summary>
[Activity("RenderDocument", Category = "Documents",
    Description = "Render a template set (invoice, packing slip, label, email) to html, text, pdf or zpl and store the issued document; output: its documentId.")]
public sealed class RenderDocument : Activity
{
    [Input(Required = true, Description = "Id of the published template set, e.g. invoice.")]
    public string Template { get; set; } = string.Empty;

    [Input(Required = true, Description = "The document's data, e.g. =input.invoice.", Editor = "expression")]
    public JsonNode? Data { get; set; }

    [Input(Description = "Output format; defaults to the first the template kind supports (pdf for invoices, zpl for labels, html for emails).",
        Options = ["html", "text", "pdf", "zpl"])]
    public string? Format { get; set; }

    [Input(Description = "Culture for money, numbers and dates, e.g. nl-NL (default en-US).")]
    public string? Culture { get; set; }

    [Input(Description = "IANA time zone dates are shown in, e.g. Europe/Amsterdam (default UTC).")]
    public string? TimeZone { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await DocumentRendering.RenderAndIssueAsync(context, Template, Data, Format, Culture, TimeZone).ConfigureAwait(false);
    }
}
