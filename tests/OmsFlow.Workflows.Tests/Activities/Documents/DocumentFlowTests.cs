using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Workflows.Tests.Activities.Documents;

public sealed class DocumentFlowTests
{
    private const string OrderFlow = """
        id: order-documents
        inputs:
          order: { type: object, required: true }
          customer: { type: object, required: true }
          invoice: { type: object, required: true }
          confirmation: { type: object, required: true }
        variables:
          sends: { type: int, default: 0 }
        outputs:
          loyaltyDiscount: =steps.discount.output.actions.LoyalCustomer
          carrier: =steps.carrier.output.carrier
          invoice: =steps.invoice.output.documentId
        steps:
          discount:
            activity: RunRules
            inputs: { ruleSet: order-discounts, workflow: OrderDiscounts, require: any, inputs: { order: =order, customer: =customer } }
            next: { success: carrier, failure: carrier }
          carrier:
            activity: Decide
            inputs: { table: carrier-selection, input: { shipment: { country: =order.country, weightKg: =order.weightKg } } }
            next: { matched: invoice, no-match: invoice }
          invoice:
            activity: RenderDocument
            inputs: { template: invoice, data: =invoice, format: pdf }
            next: email
          email:
            activity: SendEmail
            inputs: { template: order-confirmation, to: =customer.email, data: =confirmation, attachments: =steps.invoice.output.documentId }
            next: count
          count:
            activity: SetVariable
            inputs: { name: sends, value: =sends + 1 }
            next: again
          again:
            activity: If
            inputs: { condition: =sends < 2 }
            next: { true: pause }
          pause:
            activity: Delay
            inputs: { duration: 1m }
            next: email
        """;

    private static JsonObject Input() => new()
    {
        ["order"] = new JsonObject { ["total"] = 640.0, ["country"] = "DE", ["weightKg"] = 4.2, ["lines"] = new JsonArray(1, 2, 3) },
        ["customer"] = new JsonObject { ["segment"] = "Gold", ["email"] = "anna.devries@example.com" },
        ["invoice"] = DocumentFlowFixture.Sample("invoice"),
        ["confirmation"] = DocumentFlowFixture.Sample("order-confirmation"),
    };

    [Fact]
    public async Task OrderFlow_RulesTableInvoiceEmail_EachVisitOfTheSendStepSendsItsOwnEmail()
    {
        await using var fixture = await DocumentFlowFixture.CreateAsync();
        await fixture.Engine.PublishAsync(OrderFlow);

        var outcome = await fixture.Engine.StartAsync("order-documents", Input(), correlationKey: "SO-100234");
        Assert.Equal(InstanceStatus.Suspended, outcome.Status);
        await fixture.Outbox.DeliverDueAsync();
        Assert.Single(fixture.Emails());

        // The loop reaches the send step a second time: a new execution (a reminder), not a re-run, so it sends again.
        await fixture.Engine.AdvanceAsync(TimeSpan.FromMinutes(2));
        var instance = await fixture.Engine.InstanceAsync(outcome.InstanceId);
        Assert.Equal(nameof(InstanceStatus.Completed), instance.Status);
        var steps = await fixture.Engine.CompletedStepsAsync(outcome.InstanceId);
        Assert.Equal(2, steps.Count(s => s == "email"));
        var outputs = instance.Outputs!;
        var json = JsonNode.Parse(outputs)!;
        Assert.Equal(32.0, json["loyaltyDiscount"]!.GetValue<double>(), 6);
        Assert.Equal("DHL", json["carrier"]!.GetValue<string>());
        var documentId = json["invoice"]!.GetValue<string>();
        var document = await fixture.Engine.Engine.Documents.GetAsync(documentId);
        Assert.NotNull(document);
        Assert.Equal("application/pdf", document.MediaType);
        Assert.Equal("invoice", document.Kind);
        Assert.Equal("SO-100234", document.CorrelationKey);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(document.Content, 0, 4), StringComparison.Ordinal);

        await fixture.Outbox.DeliverDueAsync();
        await fixture.Outbox.DeliverDueAsync();

        var emails = fixture.Emails();
        Assert.Equal(2, emails.Count);
        var text = await File.ReadAllTextAsync(emails[1]);
        Assert.Contains("To: anna.devries@example.com", text, StringComparison.Ordinal);
        Assert.Contains("From: shop@northwind.example", text, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/pdf", text, StringComparison.Ordinal);
        Assert.Contains("SO-100234", text, StringComparison.Ordinal);
        await using var context = fixture.Engine.Storage.CreateContext();
        var sent = await context.Outbox.AsNoTracking().Where(m => m.Channel == "email").ToListAsync();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, m => Assert.Equal("sent", m.Status));
        Assert.Equal(2, sent.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count());
    }
}
