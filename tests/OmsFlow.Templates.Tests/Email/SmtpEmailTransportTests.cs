using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Email;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Tests.Support;

namespace OmsFlow.Templates.Tests.Email;

public sealed class SmtpEmailTransportTests : IDisposable
{
    private static readonly TemplateLibrary Library = TemplateSetLoader.LoadLibrary(Repository.Templates);
    private readonly SmtpSink sink = new();
    private readonly TemplateEngine engine = new();

    public SmtpEmailTransportTests()
    {
        Library.RegisterPartials(engine);
        PdfText.UseAgplLicenseForTests();
    }

    private SmtpEmailTransport Transport => new(new SmtpTransportOptions { Host = "127.0.0.1", Port = sink.Port, EnableTls = false, Timeout = TimeSpan.FromSeconds(10) });

    private RenderedEmail Confirmation()
    {
        var set = Library.Get("order-confirmation");
        return new EmailRenderer(engine).Render(set, set.SampleData, RenderSettings.For("nl-NL", "Europe/Amsterdam"));
    }

    [Fact]
    public async Task SendAsync_RealSmtpServer_DeliversSubjectBothBodiesAndInvoiceAttachment()
    {
        sink.Start();
        var email = Confirmation();
        var invoiceSet = Library.Get("invoice");
        var invoice = new DocumentRenderer(engine).Render(invoiceSet, invoiceSet.SampleData, DocumentFormat.Pdf).Content;
        var envelope = new EmailEnvelope("shop@northwind.example", ["anna.devries@example.com"], "wf-42.step-7@omsflow") { FromName = "Northwind Outfitters" };
        using var message = EmailMessageFactory.Create(email, envelope, [new EmailAttachment("INV-2026-000123.pdf", "application/pdf", invoice)]);

        var result = await Transport.SendAsync(message);

        Assert.True(result.Succeeded, result.Error);
        var received = Assert.Single(sink.Messages());
        Assert.Equal("shop@northwind.example", received.MailFrom);
        Assert.Equal(["anna.devries@example.com"], received.RcptTos);
        Assert.Equal(email.Subject, received.Subject);
        Assert.Contains("€ 305,32", received.Subject.Replace('\u00A0', ' '), StringComparison.Ordinal);
        Assert.Equal("<wf-42.step-7@omsflow>", received.MessageId);
        Assert.Equal(Normalize(email.TextBody), Normalize(received.Text));
        Assert.Equal(Normalize(email.HtmlBody), Normalize(received.Html));
        var attachment = Assert.Single(received.Attachments);
        Assert.Equal(("INV-2026-000123.pdf", "application/pdf"), (attachment.FileName, attachment.ContentType));
        Assert.Equal(invoice.ToArray(), Convert.FromBase64String(attachment.Base64));
    }

    [Fact]
    public async Task SendAsync_ServerDown_FailsTransientlyThenSucceedsOnceItIsBack()
    {
        var envelope = new EmailEnvelope("shop@northwind.example", ["anna.devries@example.com"], "wf-43.step-2@omsflow");

        EmailDeliveryResult down;
        using (var message = EmailMessageFactory.Create(Confirmation(), envelope))
        {
            down = await Transport.SendAsync(message);
        }

        sink.Start();
        EmailDeliveryResult up;
        using (var message = EmailMessageFactory.Create(Confirmation(), envelope))
        {
            up = await Transport.SendAsync(message);
        }

        Assert.False(down.Succeeded);
        Assert.True(down.Transient);
        Assert.Contains($"smtp://127.0.0.1:{sink.Port}", down.Error, StringComparison.Ordinal);
        Assert.True(up.Succeeded, up.Error);
        Assert.Equal("<wf-43.step-2@omsflow>", Assert.Single(sink.Messages()).MessageId);
    }

    [Fact]
    public async Task SendAsync_ServerStoppedMidRun_EveryMessageArrivesOnceAfterRestart()
    {
        sink.Start();
        var pending = new Queue<string>(Enumerable.Range(1, 6).Select(i => $"wf-50.step-{i}@omsflow"));
        var attempts = 0;
        while (pending.Count > 0 && attempts < 20)
        {
            attempts++;
            if (attempts == 3)
            {
                sink.Stop();
            }
            else if (attempts == 6)
            {
                sink.Start();
            }

            using var message = EmailMessageFactory.Create(Confirmation(), new EmailEnvelope("shop@northwind.example", ["a@example.com"], pending.Peek()));
            var result = await Transport.SendAsync(message);
            if (result.Succeeded)
            {
                pending.Dequeue();
            }
            else
            {
                Assert.True(result.Transient, result.Error);
            }
        }

        Assert.Empty(pending);
        Assert.Equal(
            Enumerable.Range(1, 6).Select(i => $"<wf-50.step-{i}@omsflow>").Order(StringComparer.Ordinal),
            sink.Messages().Select(m => m.MessageId!).Order(StringComparer.Ordinal));
    }

    public void Dispose() => sink.Dispose();

    private static string Normalize(string? text) => (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
}
