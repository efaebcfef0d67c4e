using System.Text;
using System.Text.Json;
using OmsFlow.Persistence.Records;
using OmsFlow.Templates.Email;
using OmsFlow.Workflows.Activities.Documents;
using OmsFlow.Workflows.Documents;

namespace OmsFlow.Workflows.Outbox;

/// <summary>Sender identity for emails (configuration section <c>Email</c>).</summary>
public sealed class EmailOptions
{
    /// <summary>Default sender when a step does not set one.</summary>
    public string From { get; set; } = "omsflow@localhost";

    /// <summary>Display name of the default sender, e.g. the shop's name.</summary>
    public string? FromName { get; set; }
}

/// <summary>
/// Delivers outbox messages of channel <c>email</c>: builds the MIME message (text + HTML, attachments loaded from
/// issued documents) and hands it to an <see cref="IEmailTransport"/> (SMTP, or .eml files by default). The
/// Message-ID comes from the outbox message id, so a repeated delivery is recognisably the same message and the
/// file transport stores it once.
/// </summary>
public sealed class EmailOutboxTransport(IEmailTransport transport, DocumentStore documents, EmailOptions options) : IOutboxTransport
{
    public string Channel => EmailPayload.Channel;

    public async Task DeliverAsync(OutboxRecord message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        EmailPayload payload;
        try
        {
            payload = EmailPayload.Read(message.Payload);
        }
        catch (JsonException ex)
        {
            throw new PermanentDeliveryException($"Email message {message.Id} has an unreadable payload: {ex.Message}", ex);
        }
        var attachments = new List<EmailAttachment>();
        foreach (var id in payload.Attachments)
        {
            var document = await documents.GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new PermanentDeliveryException($"Email message {message.Id} attaches document '{id}', which does not exist.");
            attachments.Add(new EmailAttachment($"{document.Kind}-{document.Id}{DocumentStore.ExtensionFor(document.MediaType)}",
                document.MediaType.Split(';')[0].Trim(), document.Content));
        }
        var envelope = new EmailEnvelope(payload.From ?? options.From, payload.To, MessageId(message.Id))
        {
            Cc = payload.Cc,
            Bcc = payload.Bcc,
            ReplyTo = payload.ReplyTo,
            FromName = payload.From is null ? options.FromName : null,
        };
        EmailDeliveryResult result;
        try
        {
            using var mail = EmailMessageFactory.Create(new RenderedEmail(payload.Subject, payload.Html, payload.Text), envelope, attachments);
            result = await transport.SendAsync(mail, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            throw new PermanentDeliveryException($"Email message {message.Id} has an invalid address: {ex.Message}", ex);
        }
        if (!result.Succeeded)
        {
            if (result.Transient)
            {
                throw new EmailDeliveryException($"Email message {message.Id} was not delivered: {result.Error}");
            }
            throw new PermanentDeliveryException($"Email message {message.Id} was rejected: {result.Error}");
        }
    }

    /// <summary>A Message-ID made of the outbox id's safe characters, so it is a valid header and a valid file name.</summary>
    public static string MessageId(string outboxId)
    {
        ArgumentNullException.ThrowIfNull(outboxId);
        var local = new StringBuilder(outboxId.Length);
        foreach (var c in outboxId)
        {
            local.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '.');
        }
        return $"{local}@omsflow";
    }
}

/// <summary>A transient email delivery failure (server down, 4xx reply): the outbox retries later.</summary>
public sealed class EmailDeliveryException : Exception
{
    public EmailDeliveryException()
    {
    }

    public EmailDeliveryException(string message)
        : base(message)
    {
    }

    public EmailDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
