using System.Net.Mail;
using OmsFlow.Persistence.Records;
using OmsFlow.Templates.Email;
using OmsFlow.Workflows.Activities.Documents;
using OmsFlow.Workflows.Outbox;
using OmsFlow.Workflows.Tests.Runtime;

namespace OmsFlow.Workflows.Tests.Outbox;

public sealed class EmailOutboxTransportTests
{
    private static OutboxRecord Message(EmailPayload payload) => new()
    {
        Id = "0193abc:email:email",
        Channel = EmailPayload.Channel,
        Payload = payload.ToJsonObject().ToJsonString(),
        Status = "pending",
    };

    private static EmailPayload Payload(params string[] attachments)
    {
        var payload = new EmailPayload { Template = "t", TemplateVersion = 1, Subject = "Grüße", Html = "<p>Hi</p>", Text = "Hi", To = ["anna@example.com"] };
        payload.Attachments.AddRange(attachments);
        return payload;
    }

    [Fact]
    public async Task Deliver_UsesConfiguredSenderAndAStableMessageId()
    {
        await using var engine = await EngineFixture.CreateAsync();
        var transport = new RecordingTransport(EmailDeliveryResult.Delivered("test"));
        var email = new EmailOutboxTransport(transport, engine.Engine.Documents, new EmailOptions { From = "shop@example.com", FromName = "Shop" });

        await email.DeliverAsync(Message(Payload()), CancellationToken.None);

        Assert.Equal("shop@example.com", transport.From);
        Assert.Equal("Shop", transport.FromName);
        Assert.Equal("<0193abc.email.email@omsflow>", transport.MessageId);
        Assert.Equal("Grüße", transport.Subject);
    }

    [Fact]
    public async Task Deliver_TransientFailure_ThrowsSoTheOutboxRetries_RejectionIsPermanent()
    {
        await using var engine = await EngineFixture.CreateAsync();
        var down = new EmailOutboxTransport(new RecordingTransport(EmailDeliveryResult.Failed("421 try later", transient: true)), engine.Engine.Documents, new EmailOptions());
        var rejected = new EmailOutboxTransport(new RecordingTransport(EmailDeliveryResult.Failed("550 no such user", transient: false)), engine.Engine.Documents, new EmailOptions());

        await Assert.ThrowsAsync<EmailDeliveryException>(() => down.DeliverAsync(Message(Payload()), CancellationToken.None));
        var permanent = await Assert.ThrowsAsync<PermanentDeliveryException>(() => rejected.DeliverAsync(Message(Payload()), CancellationToken.None));
        Assert.Contains("550 no such user", permanent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_MissingAttachment_IsPermanent()
    {
        await using var engine = await EngineFixture.CreateAsync();
        var email = new EmailOutboxTransport(new RecordingTransport(EmailDeliveryResult.Delivered("test")), engine.Engine.Documents, new EmailOptions());

        var error = await Assert.ThrowsAsync<PermanentDeliveryException>(() => email.DeliverAsync(Message(Payload("doc-gone")), CancellationToken.None));

        Assert.Contains("doc-gone", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingTransport(EmailDeliveryResult result) : IEmailTransport
    {
        public string? From { get; private set; }

        public string? FromName { get; private set; }

        public string? MessageId { get; private set; }

        public string? Subject { get; private set; }

        public Task<EmailDeliveryResult> SendAsync(MailMessage message, CancellationToken cancellationToken = default)
        {
            From = message.From?.Address;
            FromName = message.From?.DisplayName;
            MessageId = message.Headers["Message-ID"];
            Subject = message.Subject;
            return Task.FromResult(result);
        }
    }
}
