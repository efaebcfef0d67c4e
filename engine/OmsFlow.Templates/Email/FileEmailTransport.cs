using System.Net.Mail;
using System.Text;

namespace OmsFlow.Templates.Email;

/// <summary>
/// Writes each message as an .eml file (the embedded default, <c>./data/outbox</c>), so a server works on first
/// start without a mail server and every sent message can be opened in a mail client.
/// </summary>
/// <remarks>
/// A message with a Message-ID is stored as <c>{message-id}.eml</c> and written at most once: a retry of the same
/// message finds the file and reports success without writing a second copy.
/// </remarks>
public sealed class FileEmailTransport : IEmailTransport
{
    private readonly string folder;

    public FileEmailTransport(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        this.folder = Path.GetFullPath(folder);
    }

    /// <inheritdoc />
    public async Task<EmailDeliveryResult> SendAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var target = Path.Combine(folder, FileNameFor(message));
            if (File.Exists(target))
            {
                return EmailDeliveryResult.Delivered(target);
            }

            // SmtpClient writes a random file name into its pickup folder; a private staging folder per send lets us
            // find that file and move it into place atomically under its stable name.
            var staging = Directory.CreateDirectory(Path.Combine(folder, ".staging", Guid.NewGuid().ToString("N")));
            try
            {
                using (var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = staging.FullName })
                {
                    await client.SendMailAsync(message, cancellationToken);
                }

                var written = Directory.EnumerateFiles(staging.FullName, "*.eml").Single();
                File.Move(written, target, overwrite: false);
                return EmailDeliveryResult.Delivered(target);
            }
            finally
            {
                staging.Delete(recursive: true);
            }
        }
        catch (IOException) when (File.Exists(Path.Combine(folder, FileNameFor(message))))
        {
            // Another sender stored the same message id first: it is delivered exactly once.
            return EmailDeliveryResult.Delivered(Path.Combine(folder, FileNameFor(message)));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SmtpException)
        {
            return EmailDeliveryResult.Failed($"Cannot write to {folder}: {exception.Message}", transient: true);
        }
    }

    private static string FileNameFor(MailMessage message)
    {
        var id = message.Headers["Message-ID"]?.Trim('<', '>');
        if (string.IsNullOrEmpty(id))
        {
            return $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml";
        }

        var safe = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '@' ? c : '_');
        }

        return safe + ".eml";
    }
}
