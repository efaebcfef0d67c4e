using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace OmsFlow.Templates.Email;

/// <summary>Builds a MIME message: multipart/alternative text + HTML, UTF-8 headers, attachments.</summary>
public static class EmailMessageFactory
{
    /// <summary>Creates the <see cref="MailMessage"/>; the caller disposes it.</summary>
    public static MailMessage Create(RenderedEmail email, EmailEnvelope envelope, IEnumerable<EmailAttachment>? attachments = null)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(envelope);
        var message = new MailMessage
        {
            From = new MailAddress(envelope.From, envelope.FromName, Encoding.UTF8),
            Subject = email.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        try
        {
            foreach (var to in envelope.To)
            {
                message.To.Add(to);
            }

            foreach (var cc in envelope.Cc)
            {
                message.CC.Add(cc);
            }

            foreach (var bcc in envelope.Bcc)
            {
                message.Bcc.Add(bcc);
            }

            if (envelope.ReplyTo is { Length: > 0 } replyTo)
            {
                message.ReplyToList.Add(replyTo);
            }

            if (envelope.MessageId is { Length: > 0 } id)
            {
                message.Headers.Add("Message-ID", id.StartsWith('<') ? id : $"<{id}>");
            }

            // Text first: mail clients show the last alternative they can render, so HTML wins where supported.
            message.AlternateViews.Add(View(email.TextBody, MediaTypeNames.Text.Plain));
            message.AlternateViews.Add(View(email.HtmlBody, MediaTypeNames.Text.Html));
            foreach (var attachment in attachments ?? [])
            {
                var stream = new MemoryStream(attachment.Content.ToArray(), writable: false);
                var part = new Attachment(stream, attachment.FileName, attachment.ContentType);
                part.NameEncoding = Encoding.UTF8;
                part.ContentDisposition!.FileName = attachment.FileName;
                message.Attachments.Add(part);
            }

            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    private static AlternateView View(string content, string mediaType)
    {
        var view = AlternateView.CreateAlternateViewFromString(content, Encoding.UTF8, mediaType);
        view.TransferEncoding = TransferEncoding.QuotedPrintable;
        return view;
    }
}
