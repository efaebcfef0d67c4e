using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace OmsFlow.Templates.Pdf;

/// <summary>
/// A top-down writer over a PDFsharp document: a cursor that moves down the page, text in the embedded font,
/// right-aligned amounts, rules, and a new page (with a repeated table header) when the cursor reaches the bottom.
/// </summary>
internal sealed class PdfCanvas : IDisposable
{
    private readonly PdfDocument document;
    private readonly XSize pageSize;
    private readonly Dictionary<(double Size, bool Bold), XFont> fonts = [];
    private XGraphics graphics;

    public PdfCanvas(PdfDocument document, XSize pageSize, double margin)
    {
        EmbeddedFontResolver.EnsureInstalled();
        this.document = document;
        this.pageSize = pageSize;
        Margin = margin;
        graphics = AddPage();
        Y = margin;
    }

    public double Margin { get; }

    public double Y { get; set; }

    public double Width => pageSize.Width;

    public double ContentWidth => pageSize.Width - (2 * Margin);

    public double Bottom => pageSize.Height - Margin;

    public XGraphics Graphics => graphics;

    /// <summary>Called after a page break so tables can repeat their header.</summary>
    public Action<PdfCanvas>? OnNewPage { get; set; }

    public XFont Font(double size, bool bold = false)
    {
        if (!fonts.TryGetValue((size, bold), out var font))
        {
            font = new XFont(EmbeddedFontResolver.FamilyName, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            fonts[(size, bold)] = font;
        }

        return font;
    }

    public void Text(string text, double x, double y, double size, bool bold = false) =>
        graphics.DrawString(text, Font(size, bold), XBrushes.Black, new XPoint(x, y + size), XStringFormats.BaseLineLeft);

    public void TextRight(string text, double right, double y, double size, bool bold = false) =>
        graphics.DrawString(text, Font(size, bold), XBrushes.Black, new XPoint(right, y + size), XStringFormats.BaseLineRight);

    /// <summary>Writes lines top-down from (x, y), each cut to fit before the right margin; returns the y below the last line.</summary>
    public double Lines(IEnumerable<string> lines, double x, double y, double size, bool boldFirst = false)
    {
        var first = true;
        foreach (var line in lines)
        {
            var bold = boldFirst && first;
            Text(Fit(line, Width - Margin - x, size, bold), x, y, size, bold);
            y += size * 1.35;
            first = false;
        }

        return y;
    }

    /// <summary>Cuts <paramref name="text"/> to fit <paramref name="width"/>, ending with an ellipsis when shortened.</summary>
    public string Fit(string text, double width, double size, bool bold = false)
    {
        var font = Font(size, bold);
        if (graphics.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 1 && graphics.MeasureString(text[..length] + "…", font).Width > width)
        {
            length--;
        }

        return text[..length] + "…";
    }

    public void Rule(double y, double thickness = 0.5) =>
        graphics.DrawLine(new XPen(XColors.Black, thickness), Margin, y, pageSize.Width - Margin, y);

    public void Box(double x, double y, double width, double height) =>
        graphics.DrawRectangle(XBrushes.Black, x, y, width, height);

    /// <summary>Starts a new page when <paramref name="height"/> more points do not fit.</summary>
    public void Ensure(double height)
    {
        if (Y + height <= Bottom)
        {
            return;
        }

        graphics.Dispose();
        graphics = AddPage();
        Y = Margin;
        OnNewPage?.Invoke(this);
    }

    public void Dispose() => graphics.Dispose();

    private XGraphics AddPage()
    {
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(pageSize.Width);
        page.Height = XUnit.FromPoint(pageSize.Height);
        return XGraphics.FromPdfPage(page);
    }
}
