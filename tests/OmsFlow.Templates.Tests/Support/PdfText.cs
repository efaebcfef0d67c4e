using System.Diagnostics;

namespace OmsFlow.Templates.Tests.Support;

/// <summary>Reads PDFs back with poppler-utils (Debian package poppler-utils: pdftotext, pdfinfo).</summary>
internal static class PdfText
{
    /// <summary>
    /// The library leaves PDFsharp's license choice to the host (see PdfLicensing); the tests run under the AGPL
    /// license, which fits an internal test run.
    /// </summary>
    public static void UseAgplLicenseForTests() => PdfSharp.PdfSharpLicense.SetAgplLicense();

    public static string Extract(byte[] pdf) => Run("pdftotext", pdf, "-layout {0} -");

    /// <summary>Page count and size in points, from pdfinfo.</summary>
    public static (int Pages, double Width, double Height) Info(byte[] pdf)
    {
        var output = Run("pdfinfo", pdf, "{0}");
        var lines = output.Split('\n');
        var pages = int.Parse(lines.Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))[6..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var size = lines.Single(l => l.StartsWith("Page size:", StringComparison.Ordinal))[10..].Trim().Split(' ');
        return (pages, double.Parse(size[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(size[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Run(string tool, byte[] pdf, string arguments)
    {
        var file = Path.Combine(Path.GetTempPath(), $"omsflow-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/" + tool, string.Format(System.Globalization.CultureInfo.InvariantCulture, arguments, file))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException($"Cannot start {tool}; install Debian's poppler-utils.");
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
