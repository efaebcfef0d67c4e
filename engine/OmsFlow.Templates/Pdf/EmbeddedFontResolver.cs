using System.Reflection;
using PdfSharp.Fonts;

namespace OmsFlow.Templates.Pdf;

/// <summary>
/// Serves DejaVu Sans (regular and bold) from this assembly's resources, so every machine renders the same glyphs
/// whether or not fonts are installed. Licence: Pdf/Fonts/DejaVu-LICENSE.txt (Bitstream Vera / DejaVu, free).
/// </summary>
public sealed class EmbeddedFontResolver : IFontResolver
{
    /// <summary>The family name documents use.</summary>
    public const string FamilyName = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private static readonly Lock Gate = new();

    /// <summary>Installs this resolver as PDFsharp's global font resolver, once per process.</summary>
    /// <remarks>PDFsharp allows one global resolver; a host that installed its own keeps it and must serve DejaVu Sans.</remarks>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
            }
        }
    }

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        string.Equals(familyName, FamilyName, StringComparison.OrdinalIgnoreCase)
            ? new FontResolverInfo(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic)
            : null;

    /// <inheritdoc />
    public byte[]? GetFont(string faceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"OmsFlow.Templates.Fonts.{faceName}.ttf");
        if (stream is null)
        {
            return null;
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
