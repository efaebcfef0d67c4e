using System.Net;
using System.Net.Mail;
using System.Net.Sockets;

namespace OmsFlow.Templates.Email;

/// <summary>SMTP settings (from configuration section <c>OmsFlow:Email:Smtp</c> in the server).</summary>
/// <remarks>Defaults: port 587, STARTTLS on, 30 s timeout, no credentials.</remarks>
public sealed record SmtpTransportOptions
{
    public string Host { get; init; } = "localhost";
    public int Port { get; init; } = 587;

    /// <summary>Use STARTTLS (System.Net.Mail does not support implicit TLS on port 465).</summary>
    public bool EnableTls { get; init; } = true;

    public string? UserName { get; init; }
    public string? Password { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>Sends through an SMTP server with <see cref="SmtpClient"/>; one connection per message.</summary>
public sealed class SmtpEmailTransport(SmtpTransportOptions options) : IEmailTransport
{
    /// <inheritdoc />
    public async Task<EmailDeliveryResult> SendAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var client = new SmtpClient(options.Host, options.Port)
        {
            EnableSsl = options.EnableTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)options.Timeout.TotalMilliseconds,
            UseDefaultCredentials = false,
        };
        if (options.UserName is { Length: > 0 })
        {
            client.Credentials = new NetworkCredential(options.UserName, options.Password);
        }

        var server = $"smtp://{options.Host}:{options.Port}";
        try
        {
            await client.SendMailAsync(message, cancellationToken);
            return EmailDeliveryResult.Delivered(server);
        }
        catch (SmtpFailedRecipientException exception)
        {
            return EmailDeliveryResult.Failed($"{server} refused recipient {exception.FailedRecipient}: {exception.Message}", IsTransient(exception.StatusCode));
        }
        catch (SmtpException exception)
        {
            var transient = exception.InnerException is SocketException or IOException || IsTransient(exception.StatusCode);
            return EmailDeliveryResult.Failed($"{server}: {Describe(exception)}", transient);
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return EmailDeliveryResult.Failed($"{server}: {exception.Message}", transient: true);
        }
        catch (InvalidOperationException exception)
        {
            // SmtpClient's way of saying the message or settings are unusable (no sender, no recipients): retrying cannot help.
            return EmailDeliveryResult.Failed($"{server}: {exception.Message}", transient: false);
        }
    }

    private static string Describe(SmtpException exception) =>
        exception.InnerException is { } inner ? $"{exception.Message} ({inner.Message})" : exception.Message;

    /// <summary>4xx replies and lost connections are worth retrying; 5xx replies reject the message for good.</summary>
    private static bool IsTransient(SmtpStatusCode code) => code switch
    {
        SmtpStatusCode.ServiceNotAvailable or SmtpStatusCode.MailboxBusy or SmtpStatusCode.LocalErrorInProcessing
            or SmtpStatusCode.InsufficientStorage or SmtpStatusCode.GeneralFailure => true,
        _ => (int)code is >= 400 and < 500,
    };
}
