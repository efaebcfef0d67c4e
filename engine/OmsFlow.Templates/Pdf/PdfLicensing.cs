using OmsFlow.Templates.Rendering;
using PdfSharp.License;
using PdfSharp.Pdf;

namespace OmsFlow.Templates.Pdf;

/// <summary>
/// PDFsharp 6.5 refuses to work until the application selects a license: the free AGPL-3.0 one
/// (<c>PdfSharp.PdfSharpLicense.SetAgplLicense()</c>) or a commercial key (<c>PdfSharp.PdfSharpLicense.LoadLicense(key)</c>).
/// That choice binds the whole product, so this library never makes it; the host calls one of them at startup.
/// </summary>
internal static class PdfLicensing
{
    /// <summary>Creates a document, turning PDFsharp's license exception into one that says what to do.</summary>
    public static PdfDocument NewDocument()
    {
        try
        {
            return new PdfDocument();
        }
        catch (PdfSharpLicenseException exception)
        {
            throw new TemplateRenderException(
                "PDF rendering is not configured: PDFsharp 6.5 needs a license choice at startup. Call PdfSharp.PdfSharpLicense.SetAgplLicense() " +
                "(AGPL-3.0 terms apply to the product) or PdfSharp.PdfSharpLicense.LoadLicense(key) with a commercial key before rendering PDFs.", exception);
        }
    }
}
