using PdfSharp.Pdf;

namespace OmsFlow.Templates.Pdf;

/// <summary>Creates documents with fixed metadata and saves them to bytes.</summary>
internal static class PdfOutput
{
    /// <summary>Page sizes in points (1/72 inch).</summary>
    public static readonly (double Width, double Height) A4 = (595.28, 841.89);

    /// <summary>4x6 inch shipping label.</summary>
    public static readonly (double Width, double Height) Label4x6 = (288, 432);

    public static PdfDocument Create(string title, DateTimeOffset created)
    {
        var document = PdfLicensing.NewDocument();
        document.Info.Title = title;
        document.Info.Creator = "OmsFlow";
        // The document date comes from the data (issue date), not the clock, so re-rendering gives the same metadata.
        document.Info.CreationDate = created.UtcDateTime;
        document.Info.ModificationDate = created.UtcDateTime;
        // Deflate's fastest level: an invoice is ~15% larger and saves in markedly less CPU, which matters because
        // documents are rendered inside the order flow, once per order.
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        return document;
    }

    public static byte[] Save(PdfDocument document)
    {
        using var stream = new MemoryStream(capacity: 32 * 1024);
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }
}
