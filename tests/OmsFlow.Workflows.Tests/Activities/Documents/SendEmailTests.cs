using System.Text.Json.Nodes;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Workflows.Tests.Activities.Documents;

public sealed class SendEmailTests
{
    private static string Flow(string to, string attachments, string template = "order-confirmation") => $$"""
        id: mail
        inputs:
          data: { type: object, required: true }
        steps:
          send:
            activity: SendEmail
            inputs: { template: {{template}}, to: {{to}}, data: =data, attachments: {{attachments}} }
        """;

    private static JsonObject Input() => new() { ["data"] = DocumentFlowFixture.Sample("order-confirmation") };

    [Theory]
    [InlineData("not-an-address", "[]", "order-confirmation", "'not-an-address' in 'to' is not an email address")]
    [InlineData("anna@example.com", "doc-missing", "order-confirmation", "Attachment 'doc-missing' is not an issued document")]
    [InlineData("anna@example.com", "[]", "invoice", "Template set 'invoice' makes invoice documents, not emails")]
    public async Task SendEmail_BadInput_FaultsWithoutQueuingAnything(string to, string attachments, string template, string error)
    {
        await using var fixture = await DocumentFlowFixture.CreateAsync();
        await fixture.Engine.PublishAsync(Flow(to, attachments, template));

        var outcome = await fixture.Engine.StartAsync("mail", Input());
        await fixture.Outbox.DeliverDueAsync();

        Assert.Equal(InstanceStatus.Faulted, outcome.Status);
        Assert.Contains(error, outcome.Error, StringComparison.Ordinal);
        Assert.Empty(fixture.Emails());
    }

    [Fact]
    public async Task SendEmail_SeveralRecipients_OneMessageToAll()
    {
        await using var fixture = await DocumentFlowFixture.CreateAsync();
        await fixture.Engine.PublishAsync(Flow("[anna@example.com, ops@example.com]", "[]"));

        var outcome = await fixture.Engine.StartAsync("mail", Input());
        await fixture.Outbox.DeliverDueAsync();

        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        var email = await File.ReadAllTextAsync(Assert.Single(fixture.Emails()));
        Assert.Contains("To: anna@example.com, ops@example.com", email, StringComparison.Ordinal);
    }
}
