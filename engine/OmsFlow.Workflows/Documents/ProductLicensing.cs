namespace OmsFlow.Workflows.Documents;

/// <summary>
/// The one place OmsFlow's hosts (server, CLI) make the product-wide license choices of their libraries at start-up.
/// </summary>
/// <remarks>
/// PDFsharp 6.5 renders nothing until the application chooses a license. OmsFlow is open source under terms
/// compatible with AGPL-3.0, so it selects PDFsharp's AGPL license; a distribution under other terms loads a
/// commercial key (<c>PdfSharp.PdfSharpLicense.LoadLicense</c>) instead of calling this.
/// </remarks>
public static class ProductLicensing
{
    private static int _applied;

    /// <summary>Applies the license choices once per process; later calls do nothing.</summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 0)
        {
            PdfSharp.PdfSharpLicense.SetAgplLicense();
        }
    }
}
