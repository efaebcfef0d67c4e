using System.Text.Json.Nodes;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Workflows.Tests.Activities.Documents;

public sealed class VersionPinningTests
{
    private const string TwoChecks = """
        id: two-checks
        inputs:
          order: { type: object, required: true }
        outputs:
          first: =steps.before.output.version
          second: =steps.after.output.version
          secondPassed: =steps.after.output.isSuccess
          label: =steps.label.output.templateVersion
        steps:
          before:
            activity: RunRules
            inputs: { ruleSet: limits, workflow: Limits, inputs: { order: =order } }
            next: { success: label, failure: label }
          label:
            activity: PrintLabel
            inputs: { label: =order.label, format: zpl, dpi: 300 }
            next: wait
          wait:
            activity: WaitForSignal
            inputs: { signal: go }
            next: after
          after:
            activity: RunRules
            inputs: { ruleSet: limits, workflow: Limits, inputs: { order: =order } }
        """;

    private const string LimitV1 = """[{"WorkflowName":"Limits","Rules":[{"RuleName":"Small","Expression":"order.total < 100"}]}]""";
    private const string LimitV2 = """[{"WorkflowName":"Limits","Rules":[{"RuleName":"Small","Expression":"order.total < 10"}]}]""";

    [Fact]
    public async Task RuleSetRepublishedMidInstance_LaterStepsUseThePinnedVersion_NewInstancesTheNewOne()
    {
        await using var fixture = await DocumentFlowFixture.CreateAsync();
        Assert.Equal(1, (await fixture.Stores.Rules.PublishAsync("limits", LimitV1, "test", null)).Version);
        await fixture.Engine.PublishAsync(TwoChecks);
        var input = new JsonObject
        {
            ["order"] = new JsonObject { ["total"] = 50, ["label"] = DocumentFlowFixture.Sample("shipping-label") },
        };

        var pinned = await fixture.Engine.StartAsync("two-checks", (JsonObject)input.DeepClone(), "O-1");
        Assert.Equal(InstanceStatus.Suspended, pinned.Status);
        Assert.Equal(2, (await fixture.Stores.Rules.PublishAsync("limits", LimitV2, "test", "stricter")).Version);
        var fresh = await fixture.Engine.StartAsync("two-checks", (JsonObject)input.DeepClone(), "O-2");
        Assert.Single(await fixture.Engine.Engine.SignalAsync("go", "O-1", null, null));
        Assert.Single(await fixture.Engine.Engine.SignalAsync("go", "O-2", null, null));

        var pinnedOutputs = JsonNode.Parse((await fixture.Engine.InstanceAsync(pinned.InstanceId)).Outputs!)!;
        Assert.Equal(1, pinnedOutputs["first"]!.GetValue<int>());
        Assert.Equal(1, pinnedOutputs["second"]!.GetValue<int>());
        Assert.True(pinnedOutputs["secondPassed"]!.GetValue<bool>());
        Assert.Equal(1, pinnedOutputs["label"]!.GetValue<int>());
        var freshOutputs = JsonNode.Parse((await fixture.Engine.InstanceAsync(fresh.InstanceId)).Outputs!)!;
        Assert.Equal(2, freshOutputs["first"]!.GetValue<int>());
        Assert.False(freshOutputs["secondPassed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PrintLabel_Zpl300Dpi_IssuesTheLabelOnceForItsStep()
    {
        await using var fixture = await DocumentFlowFixture.CreateAsync();
        await fixture.Stores.Rules.PublishAsync("limits", LimitV1, "test", null);
        await fixture.Engine.PublishAsync(TwoChecks);

        var outcome = await fixture.Engine.StartAsync("two-checks",
            new JsonObject { ["order"] = new JsonObject { ["total"] = 5, ["label"] = DocumentFlowFixture.Sample("shipping-label") } }, "O-3");

        var documents = await fixture.Engine.Engine.Documents.ListByInstanceAsync(outcome.InstanceId);
        var label = Assert.Single(documents);
        Assert.Equal("label", label.Kind);
        Assert.Equal("application/zpl", label.MediaType);
        var zpl = System.Text.Encoding.UTF8.GetString((await fixture.Engine.Engine.Documents.GetAsync(label.Id))!.Content);
        Assert.StartsWith("^XA", zpl.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunRules_UnknownRuleSet_FaultsTheStepNamingIt()
    {
        await using var fixture = await DocumentFlowFixture.CreateAsync();
        await fixture.Engine.PublishAsync(TwoChecks);

        var outcome = await fixture.Engine.StartAsync("two-checks", new JsonObject { ["order"] = new JsonObject { ["total"] = 5 } });

        Assert.Equal(InstanceStatus.Faulted, outcome.Status);
        Assert.Contains("Rule set 'limits' has no published version", outcome.Error, StringComparison.Ordinal);
    }
}
