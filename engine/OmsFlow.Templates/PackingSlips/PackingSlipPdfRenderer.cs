using System.Globalization;
using OmsFlow.Templates.Helpers;
using OmsFlow.Templates.Invoices;
using OmsFlow.Templates.Pdf;
using PdfSharp.Drawing;

namespace OmsFlow.Templates.PackingSlips;

/// <summary>Lays out a packing slip on A4 pages.</summary>
public static class PackingSlipPdfRenderer
{
    private const double Size = 10;
    private const double Row = 17;

    public static byte[] Render(PackingSlip slip, string? notes, CultureInfo culture, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(slip);
        ArgumentNullException.ThrowIfNull(culture);
        ArgumentNullException.ThrowIfNull(timeZone);
        using var document = PdfOutput.Create($"Packing slip {slip.OrderNumber}", slip.OrderDate ?? DateTimeOffset.UnixEpoch);
        var (width, height) = PdfOutput.A4;
        using (var canvas = new PdfCanvas(document, new XSize(width, height), margin: 42))
        {
            var left = canvas.Margin;
            var right = width - canvas.Margin;
            canvas.Text("Packing slip", left, canvas.Y, 20, bold: true);
            var y = canvas.Y;
            void Meta(string label, string value)
            {
                canvas.TextRight(label + ":", right - 120, y, Size - 1);
                canvas.TextRight(value, right, y, Size - 1, bold: true);
                y += Size * 1.4;
            }

            Meta("Order", slip.OrderNumber);
            if (slip.OrderDate is { } ordered)
            {
                Meta("Order date", TimeZoneInfo.ConvertTime(ordered, timeZone).ToString("d MMM yyyy", culture));
            }

            if (slip.ShipmentNumber is { Length: > 0 } shipment)
            {
                Meta("Shipment", shipment);
            }

            Meta("Package", $"{slip.PackageNumber} of {slip.PackageCount}");
            var top = Math.Max(y, canvas.Y + 30) + 16;
            canvas.Text("Ship from", left, top, Size - 2);
            var fromBottom = canvas.Lines(AddressFormatter.Lines(slip.ShipFrom), left, top + 13, Size - 1, boldFirst: true);
            canvas.Text("Ship to", left + (canvas.ContentWidth / 2), top, Size - 2);
            var toBottom = canvas.Lines(AddressFormatter.Lines(slip.ShipTo, slip.ShipFrom.Country), left + (canvas.ContentWidth / 2), top + 13, Size + 1, boldFirst: true);
            canvas.Y = Math.Max(fromBottom, toBottom) + 20;

            void Header(PdfCanvas c)
            {
                c.Text("SKU", left, c.Y, Size, bold: true);
                c.Text("Item", left + 120, c.Y, Size, bold: true);
                c.Text("Bin", right - 130, c.Y, Size, bold: true);
                c.TextRight("Qty", right - 40, c.Y, Size, bold: true);
                c.Text("Packed", right - 34, c.Y, Size - 2, bold: true);
                c.Rule(c.Y + Row - 3);
                c.Y += Row + 2;
            }

            canvas.OnNewPage = c => Header(c);
            Header(canvas);
            foreach (var line in slip.Lines)
            {
                canvas.Ensure(Row);
                canvas.Text(canvas.Fit(line.Sku, 115, Size), left, canvas.Y, Size);
                canvas.Text(canvas.Fit(line.Description, right - 140 - (left + 120), Size), left + 120, canvas.Y, Size);
                canvas.Text(line.Bin ?? "", right - 130, canvas.Y, Size);
                canvas.TextRight(line.Quantity.ToString("#,0.##", culture), right - 40, canvas.Y, Size, bold: true);
                canvas.Graphics.DrawRectangle(XPens.Black, right - 22, canvas.Y + 1, 9, 9);
                canvas.Y += Row;
            }

            canvas.OnNewPage = null;
            canvas.Ensure(Row);
            canvas.Rule(canvas.Y);
            canvas.Y += 6;
            var units = slip.Lines.Sum(l => l.Quantity);
            canvas.TextRight($"{units.ToString("#,0.##", culture)} {(units == 1 ? "unit" : "units")} in {slip.Lines.Count} {(slip.Lines.Count == 1 ? "line" : "lines")}", right - 40, canvas.Y, Size, bold: true);
            canvas.Y += Row;
            InvoicePdfRenderer.Notes(canvas, notes);
        }

        return PdfOutput.Save(document);
    }
}
