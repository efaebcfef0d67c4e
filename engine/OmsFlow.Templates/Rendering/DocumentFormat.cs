namespace OmsFlow.Templates.Rendering;

/// <summary>Output formats a template set can be rendered to (preview API, CLI <c>--format</c>).</summary>
public enum DocumentFormat
{
    Html,
    Text,
    Pdf,
    Zpl,
}

/// <summary>A rendered document: bytes plus the media type and a file extension to store or download it with.</summary>
public sealed record RenderedDocument(DocumentFormat Format, string MediaType, string FileExtension, ReadOnlyMemory<byte> Content)
{
    /// <summary>The content as UTF-8 text (HTML, text, ZPL).</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Content.Span);
}
