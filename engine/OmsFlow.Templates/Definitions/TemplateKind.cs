namespace OmsFlow.Templates.Definitions;

/// <summary>The document a template set produces.</summary>
public enum TemplateKind
{
    /// <summary>Subject, HTML and text bodies (<c>subject.hbs</c>, <c>body.html.hbs</c>, <c>body.txt.hbs</c>).</summary>
    Email,

    /// <summary>4x6 shipping label: ZPL from <c>label.zpl.hbs</c>, PDF from the same data.</summary>
    Label,

    /// <summary>Invoice PDF; optional <c>notes.txt.hbs</c> for payment terms and notes.</summary>
    Invoice,

    /// <summary>Credit note PDF (an invoice for a refund, negative of what was credited).</summary>
    CreditNote,

    /// <summary>Packing slip PDF.</summary>
    PackingSlip,
}
