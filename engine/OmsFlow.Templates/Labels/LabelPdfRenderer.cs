using System.Globalization;
using OmsFlow.Templates.Helpers;
using OmsFlow.Templates.Pdf;
using PdfSharp.Drawing;

namespace OmsFlow.Templates.Labels;

/// <summary>Draws the 4x6 shipping label as a PDF for office printers, matching the ZPL layout.</summary>
public static class LabelPdfRenderer
{
    public static byte[] Render(ShippingLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        using var document = PdfOutput.Create($"Label {label.TrackingNumber}", label.ShipDate ?? DateTimeOffset.UnixEpoch);
        var (width, height) = PdfOutput.Label4x6;
        using (var canvas = new PdfCanvas(document, new XSize(width, height), margin: 10))
        {
            var left = canvas.Margin;
            canvas.Text("FROM", left, 10, 7);
            canvas.Lines(AddressFormatter.Lines(label.ShipFrom), left, 20, 8);
            canvas.TextRight(label.Carrier.ToUpperInvariant(), width - left, 10, 14, bold: true);
            if (label.Service is { Length: > 0 })
            {
                canvas.TextRight(label.Service, width - left, 28, 9);
            }

            canvas.Rule(70, 1);
            canvas.Text("SHIP TO", left, 76, 7);
            canvas.Lines(AddressFormatter.Lines(label.ShipTo, label.ShipFrom.Country), left, 88, 13, boldFirst: true);
            canvas.Rule(182, 1);
            var weight = label.WeightKg.ToString("0.00", CultureInfo.InvariantCulture);
            canvas.Text($"Order {label.OrderReference}   Weight {weight} kg   Package {label.PackageNumber} of {label.PackageCount}", left, 188, 8);
            DrawBarcode(canvas, Code128.Encode(label.TrackingNumber), left + 10, 206, 52);
            canvas.Text($"Tracking {label.TrackingNumber}", left + 10, 262, 10);
            canvas.Rule(280, 1);
            canvas.Text("SSCC", left, 286, 7);
            DrawBarcode(canvas, Code128.Encode("00" + label.Sscc, gs1: true), left + 10, 298, 72);
            canvas.Text(Sscc.HumanReadable(label.Sscc), left + 10, 376, 11);
        }

        return PdfOutput.Save(document);
    }

    private static void DrawBarcode(PdfCanvas canvas, IReadOnlyList<int> symbols, double x, double y, double height)
    {
        var modules = Code128.Modules(symbols).ToList();
        var available = canvas.ContentWidth - 20;
        var module = Math.Min(1.5, available / modules.Sum());
        var bar = true;
        foreach (var width in modules)
        {
            if (bar)
            {
                canvas.Box(x, y, width * module, height);
            }

            x += width * module;
            bar = !bar;
        }
    }
}
