namespace OmsFlow.Templates.Email;

/// <summary>The three texts of an email, rendered from one template set and one data model.</summary>
public sealed record RenderedEmail(string Subject, string HtmlBody, string TextBody);

/// <summary>A file attached to an email, e.g. the invoice PDF.</summary>
public sealed record EmailAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content);

/// <summary>Who an email goes to and the identity it is sent with.</summary>
/// <param name="MessageId">
/// Stable id (the outbox derives it from instance + step) written as the Message-ID header and used by the file
/// transport as file name, so a retried send is recognisable downstream.
/// </param>
public sealed record EmailEnvelope(string From, IReadOnlyList<string> To, string? MessageId = null)
{
    public IReadOnlyList<string> Cc { get; init; } = [];
    public IReadOnlyList<string> Bcc { get; init; } = [];
    public string? ReplyTo { get; init; }

    /// <summary>Display name for <see cref="From"/>, e.g. the shop name.</summary>
    public string? FromName { get; init; }
}
