using System.Globalization;
using OmsFlow.Templates.Helpers;
using OmsFlow.Templates.Pdf;
using PdfSharp.Drawing;

namespace OmsFlow.Templates.Invoices;

/// <summary>Lays out an invoice or credit note on A4 pages.</summary>
public static class InvoicePdfRenderer
{
    private const double Size = 9;
    private const double Row = 15;

    /// <summary>Renders the PDF.</summary>
    /// <param name="creditNote">Titles the document "Credit note" and names the credited invoice.</param>
    /// <param name="notes">Text from the set's notes template (payment terms, legal notes), printed below the totals.</param>
    /// <param name="culture">Culture for amounts and dates (the buyer's).</param>
    public static byte[] Render(InvoiceDocument invoice, bool creditNote, string? notes, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(culture);
        var title = creditNote ? "Credit note" : "Invoice";
        var totals = InvoiceTotals.Calculate(invoice);
        using var document = PdfOutput.Create($"{title} {invoice.Number}", new DateTimeOffset(invoice.IssueDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var (width, height) = PdfOutput.A4;
        using (var canvas = new PdfCanvas(document, new XSize(width, height), margin: 42))
        {
            string Money(decimal amount, string? currency = null) => MoneyFormatter.Format(amount, currency ?? invoice.Currency, culture);
            string Date(DateOnly date) => date.ToString("d MMM yyyy", culture);

            var left = canvas.Margin;
            var right = width - canvas.Margin;
            canvas.Text(title, left, canvas.Y, 20, bold: true);
            var meta = new List<(string, string)> { ($"{title} number", invoice.Number), ("Issue date", Date(invoice.IssueDate)) };
            if (invoice.SupplyDate is { } supply && supply != invoice.IssueDate)
            {
                meta.Add(("Supply date", Date(supply)));
            }

            if (invoice.DueDate is { } due)
            {
                meta.Add(("Due date", Date(due)));
            }

            if (invoice.OrderNumber is { Length: > 0 } order)
            {
                meta.Add(("Order", order));
            }

            if (creditNote && invoice.CreditedInvoiceNumber is { Length: > 0 } credited)
            {
                meta.Add(("Credits invoice", credited));
            }

            var y = canvas.Y;
            foreach (var (label, value) in meta)
            {
                canvas.TextRight(label + ":", right - 110, y, Size);
                canvas.TextRight(value, right, y, Size, bold: true);
                y += Size * 1.4;
            }

            var partiesTop = Math.Max(y, canvas.Y + 30) + 16;
            var sellerBottom = Party(canvas, "From", invoice.Seller, left, partiesTop);
            var buyerBottom = Party(canvas, "Bill to", invoice.Buyer, left + (canvas.ContentWidth / 2), partiesTop);
            canvas.Y = Math.Max(sellerBottom, buyerBottom) + 18;

            var columns = new[] { left, left + 230, left + 280, left + 355, left + 415, right };
            void Header(PdfCanvas c)
            {
                c.Text("Description", columns[0], c.Y, Size, bold: true);
                c.TextRight("Qty", columns[2] - 6, c.Y, Size, bold: true);
                c.TextRight("Unit price", columns[3], c.Y, Size, bold: true);
                c.TextRight("Discount", columns[4], c.Y, Size, bold: true);
                c.TextRight("VAT", columns[4] + 40, c.Y, Size, bold: true);
                c.TextRight("Net amount", columns[5], c.Y, Size, bold: true);
                c.Rule(c.Y + Row - 2);
                c.Y += Row + 2;
            }

            canvas.OnNewPage = c => Header(c);
            Header(canvas);
            foreach (var line in invoice.Lines)
            {
                canvas.Ensure(Row);
                var description = line.Sku is { Length: > 0 } sku ? $"{line.Description} ({sku})" : line.Description;
                canvas.Text(canvas.Fit(description, columns[1] + 20 - columns[0], Size), columns[0], canvas.Y, Size);
                canvas.TextRight(line.Quantity.ToString("#,0.##", culture), columns[2] - 6, canvas.Y, Size);
                canvas.TextRight(Money(line.UnitPrice), columns[3], canvas.Y, Size);
                canvas.TextRight(line.Discount == 0 ? "" : Money(-line.Discount), columns[4], canvas.Y, Size);
                canvas.TextRight(Percent(line.TaxRate, culture), columns[4] + 40, canvas.Y, Size);
                canvas.TextRight(Money(line.Net), columns[5], canvas.Y, Size);
                canvas.Y += Row;
            }

            canvas.OnNewPage = null;
            canvas.Ensure(Row * (4 + totals.PerRate.Count));
            canvas.Rule(canvas.Y);
            canvas.Y += 6;
            var labelRight = columns[4] + 40;
            void Total(string label, string value, bool bold = false)
            {
                canvas.TextRight(label, labelRight, canvas.Y, Size, bold);
                canvas.TextRight(value, right, canvas.Y, Size, bold);
                canvas.Y += Row;
            }

            Total("Total net", Money(totals.Net));
            foreach (var rate in totals.PerRate)
            {
                Total($"VAT {Percent(rate.Rate, culture)} of {Money(rate.Net)}", Money(rate.Tax));
            }

            Total(creditNote ? "Total credited" : "Total due", Money(totals.Gross), bold: true);
            if (invoice.BaseCurrency is { Length: > 0 } baseCurrency && !string.Equals(baseCurrency, invoice.Currency, StringComparison.OrdinalIgnoreCase))
            {
                canvas.Ensure(Row * 4);
                canvas.Y += 4;
                var rate = invoice.ExchangeRate.ToString("0.0000", culture);
                canvas.Text($"Amounts in {baseCurrency} at 1 {invoice.Currency} = {rate} {baseCurrency}:", left, canvas.Y, Size);
                canvas.Y += Row;
                Total($"Net ({baseCurrency})", Money(InvoiceTotals.ToBase(totals.Net, invoice.ExchangeRate), baseCurrency));
                Total($"VAT ({baseCurrency})", Money(InvoiceTotals.ToBase(totals.Tax, invoice.ExchangeRate), baseCurrency));
                Total($"Total ({baseCurrency})", Money(InvoiceTotals.ToBase(totals.Gross, invoice.ExchangeRate), baseCurrency));
            }

            if (invoice.ReverseCharge)
            {
                canvas.Ensure(Row);
                canvas.Text("VAT reverse charged.", left, canvas.Y, Size, bold: true);
                canvas.Y += Row;
            }

            if (creditNote && invoice.Reason is { Length: > 0 } reason)
            {
                canvas.Ensure(Row);
                canvas.Text("Reason: " + reason, left, canvas.Y, Size);
                canvas.Y += Row;
            }

            Notes(canvas, notes);
        }

        return PdfOutput.Save(document);
    }

    internal static void Notes(PdfCanvas canvas, string? notes)
    {
        if (string.IsNullOrWhiteSpace(notes))
        {
            return;
        }

        canvas.Y += 10;
        foreach (var line in notes.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            canvas.Ensure(Row);
            canvas.Text(canvas.Fit(line, canvas.ContentWidth, Size - 1), canvas.Margin, canvas.Y, Size - 1);
            canvas.Y += Row - 2;
        }
    }

    private static double Party(PdfCanvas canvas, string heading, InvoiceParty party, double x, double y)
    {
        canvas.Text(heading, x, y, Size - 1);
        var lines = new List<string> { party.Name };
        if (party.Address is { } address)
        {
            lines.AddRange(AddressFormatter.Lines(address with { Name = address.Name == party.Name ? null : address.Name }));
        }

        if (party.VatId is { Length: > 0 } vat)
        {
            lines.Add("VAT " + vat);
        }

        if (party.Email is { Length: > 0 } email)
        {
            lines.Add(email);
        }

        return canvas.Lines(lines, x, y + 13, Size, boldFirst: true);
    }

    private static string Percent(decimal rate, CultureInfo culture) =>
        (rate * 100m).ToString("0.##", culture) + "%";
}
