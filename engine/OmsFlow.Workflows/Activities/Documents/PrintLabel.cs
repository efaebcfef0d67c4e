using System.Text.Json.Nodes;
using OmsFlow.Templates.Definitions;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Activities.Documents;

/// <summary>
/// Produces a 4x6 shipping label from label data: ZPL for thermal printers (203 or 300 dpi) or PDF for office
/// printers, issued as an immutable document.
/// </summary>
[Activity("PrintLabel", Category = "Documents",
    Description = "Render a shipping label (ZPL at 203/300 dpi, or PDF) from label data and store it; output: its documentId.")]
public sealed class PrintLabel : Activity
{
    [Input(Description = "Id of the published label template set (default shipping-label).")]
    public string Template { get; set; } = "shipping-label";

    [Input(Required = true, Description = "Label data: ship-from/to, carrier, service, tracking number, SSCC, weight.", Editor = "expression")]
    public JsonNode? Label { get; set; }

    [Input(Description = "zpl (thermal printers) or pdf (office printers).", Options = ["zpl", "pdf"])]
    public string Format { get; set; } = "zpl";

    [Input(Description = "Printer resolution for ZPL: 203 or 300 dpi.", Options = ["203", "300"])]
    public int Dpi { get; set; } = 203;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!string.Equals(Format, "zpl", StringComparison.OrdinalIgnoreCase) && !string.Equals(Format, "pdf", StringComparison.OrdinalIgnoreCase))
        {
            return ActivityResult.Fault($"A label prints as zpl or pdf, not '{Format}'.", permanent: true);
        }
        if (Dpi is not (203 or 300))
        {
            return ActivityResult.Fault($"ZPL labels are laid out for 203 or 300 dpi printers, not {Dpi}.", permanent: true);
        }
        LoadedDefinition<TemplateBundle> template;
        try
        {
            template = await context.Definitions.ResolveTemplateAsync(context, Template).ConfigureAwait(false);
        }
        catch (DefinitionNotFoundException ex)
        {
            return ActivityResult.Fault(ex.Message, permanent: true);
        }
        if (template.Value.Set.Kind != TemplateKind.Label)
        {
            return ActivityResult.Fault($"Template set '{Template}' makes {TemplateDocument.KindText(template.Value.Set.Kind)} documents, not labels; use a label template set.", permanent: true);
        }
        var (settings, _) = DocumentRendering.Settings(null, null, Dpi);
        return await DocumentRendering.RenderAndIssueAsync(context, template, Label, Format, settings!).ConfigureAwait(false);
    }
}
