using System.Text;
using System.Text.Json;
using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Email;
using OmsFlow.Templates.Invoices;
using OmsFlow.Templates.Labels;
using OmsFlow.Templates.PackingSlips;

namespace OmsFlow.Templates.Rendering;

/// <summary>
/// Renders any template set to the formats its kind supports, from one data model (typed, JsonElement or JsonNode):
/// email -> html/text, label -> zpl/pdf, invoice/credit note/packing slip -> pdf. Used by the preview API, the CLI
/// <c>render</c> command and the render-document activity.
/// </summary>
public sealed class DocumentRenderer(TemplateEngine engine)
{
    /// <summary>The formats <paramref name="kind"/> can be rendered to; the first is the default.</summary>
    public static IReadOnlyList<DocumentFormat> FormatsOf(TemplateKind kind) => kind switch
    {
        TemplateKind.Email => [DocumentFormat.Html, DocumentFormat.Text],
        TemplateKind.Label => [DocumentFormat.Zpl, DocumentFormat.Pdf],
        _ => [DocumentFormat.Pdf],
    };

    /// <summary>Renders <paramref name="set"/> for <paramref name="data"/> in <paramref name="format"/>.</summary>
    /// <exception cref="TemplateRenderException">The kind has no such format, the data does not fit the kind, or a template fails.</exception>
    public RenderedDocument Render(TemplateSet set, object? data, DocumentFormat format, RenderSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        settings ??= RenderSettings.Default;
        if (!FormatsOf(set.Kind).Contains(format))
        {
            throw new TemplateRenderException(
                $"Template set '{set.Id}' ({set.Kind}) cannot render {format}; use {string.Join(" or ", FormatsOf(set.Kind)).ToLowerInvariant()}.");
        }

        return (set.Kind, format) switch
        {
            (TemplateKind.Email, DocumentFormat.Html) => Text(format, "text/html; charset=utf-8", ".html", new EmailRenderer(engine).Render(set, data, settings).HtmlBody),
            (TemplateKind.Email, _) => Text(format, "text/plain; charset=utf-8", ".txt", new EmailRenderer(engine).Render(set, data, settings).TextBody),
            (TemplateKind.Label, DocumentFormat.Zpl) => Text(format, "application/zpl", ".zpl", RenderZpl(set, data, settings)),
            (TemplateKind.Label, _) => Pdf(LabelPdfRenderer.Render(Bind<ShippingLabel>(set, data))),
            (TemplateKind.PackingSlip, _) => Pdf(PackingSlipPdfRenderer.Render(Bind<PackingSlip>(set, data), Notes(set, data, settings), settings.Culture, settings.TimeZone)),
            _ => Pdf(RenderInvoice(set, data, settings)),
        };
    }

    /// <summary>ZPL of a label set at <see cref="RenderSettings.Dpi"/> (203 or 300).</summary>
    public string RenderZpl(TemplateSet set, object? data, RenderSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        settings ??= RenderSettings.Default;
        if (settings.Dpi is not (203 or 300))
        {
            throw new TemplateRenderException($"ZPL labels are laid out for 203 or 300 dpi printers, not {settings.Dpi}.");
        }

        return engine.Render(set.RequiredPart(TemplatePartNames.Zpl), ToJson(data), settings);
    }

    private byte[] RenderInvoice(TemplateSet set, object? data, RenderSettings settings)
    {
        var invoice = Bind<InvoiceDocument>(set, data);
        // The notes template sees the computed totals, so "Please pay {{money totals.gross currency}}" matches the PDF.
        var model = JsonSerializer.SerializeToNode(ToJson(data), TemplateJson.Options)!.AsObject();
        var totals = InvoiceTotals.Calculate(invoice);
        model["totals"] = JsonSerializer.SerializeToNode(new { totals.Net, totals.Tax, totals.Gross }, TemplateJson.Options);
        return InvoicePdfRenderer.Render(invoice, set.Kind == TemplateKind.CreditNote, Notes(set, model, settings), settings.Culture);
    }

    private string? Notes(TemplateSet set, object? data, RenderSettings settings) =>
        set.Part(TemplatePartNames.Notes) is { } notes ? engine.Render(notes, data is JsonElement or System.Text.Json.Nodes.JsonNode ? data : ToJson(data), settings) : null;

    private static T Bind<T>(TemplateSet set, object? data)
    {
        try
        {
            return ToJson(data).Deserialize<T>(TemplateJson.Options)
                ?? throw new TemplateRenderException($"Template set '{set.Id}' needs {typeof(T).Name} data, got null.");
        }
        catch (JsonException exception)
        {
            throw new TemplateRenderException($"Template set '{set.Id}': the data is not a valid {typeof(T).Name} at {exception.Path}: {exception.Message}", exception);
        }
    }

    private static JsonElement ToJson(object? data) => data switch
    {
        JsonElement element => element,
        JsonDocument document => document.RootElement,
        null => throw new TemplateRenderException("No data to render; pass the document data or use the template's sample."),
        _ => JsonSerializer.SerializeToElement(data, data.GetType(), TemplateJson.Options),
    };

    private static RenderedDocument Text(DocumentFormat format, string mediaType, string extension, string text) =>
        new(format, mediaType, extension, Encoding.UTF8.GetBytes(text));

    private static RenderedDocument Pdf(byte[] pdf) => new(DocumentFormat.Pdf, "application/pdf", ".pdf", pdf);
}
