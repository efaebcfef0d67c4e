using System.Net.Mail;

namespace OmsFlow.Templates.Email;

/// <summary>Delivers one message. Transports never retry: the outbox owns retries and backoff.</summary>
public interface IEmailTransport
{
    /// <summary>Sends <paramref name="message"/>; failures are returned, not thrown (except cancellation).</summary>
    Task<EmailDeliveryResult> SendAsync(MailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of one delivery attempt.</summary>
/// <param name="Transient">True when a later attempt may succeed (server down, 4xx reply); false for a rejected message.</param>
/// <param name="Location">Where the message went: the SMTP server, or the .eml file path.</param>
public sealed record EmailDeliveryResult(bool Succeeded, bool Transient, string? Error, string? Location)
{
    public static EmailDeliveryResult Delivered(string location) => new(true, false, null, location);

    public static EmailDeliveryResult Failed(string error, bool transient) => new(false, transient, error, null);
}
