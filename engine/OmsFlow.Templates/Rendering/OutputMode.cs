namespace OmsFlow.Templates.Rendering;

/// <summary>How a template's output is encoded; each mode has its own Handlebars environment and partials.</summary>
public enum OutputMode
{
    /// <summary>HTML: <c>{{x}}</c> is HTML-escaped, <c>{{{x}}}</c> is written raw.</summary>
    Html,

    /// <summary>Plain text (email text bodies, subjects): nothing is escaped.</summary>
    Text,

    /// <summary>ZPL for thermal printers: field data escapes <c>^</c>, <c>~</c> and <c>_</c> for use with <c>^FH</c>.</summary>
    Zpl,
}
