using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Releases.Diff;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Tests.Releases;

public sealed class ReleaseDiffTests
{
    private const string Rules = """
        [{"WorkflowName":"Discounts","Rules":[
          {"RuleName":"Vip","Expression":"customer.segment == \"VIP\"","SuccessEvent":"10"},
          {"RuleName":"Big","Expression":"order.total > 500","SuccessEvent":"5"}]}]
        """;

    [Fact]
    public async Task CompareAsync_TwoReleases_ReportsStepsInputsAndTransitionsOfAWorkflow()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        var first = await f.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        const string ChangedFlow = """
            id: limit-flow
            inputs:
              order: { type: object, required: true }
            variables:
              x: int
            outputs:
              version: =steps.check.output.version
              passed: =steps.check.output.isSuccess
            steps:
              wait:
                activity: WaitForSignal
                inputs: { signal: ship }
                next: check
              check:
                activity: RunRules
                inputs: { ruleSet: limits, workflow: Limits, inputs: { order: =order } }
                next: audit
              audit:
                activity: SetVariable
                inputs: { name: x, value: 1 }
            """;
        var second = await f.ReleaseAsync("second", null, ReleaseFixture.Workflow(ChangedFlow));

        var diff = await new ReleaseComparer(f.Engine.Storage, f.Engine.Clock).CompareAsync(first.Id, second.Id);

        var workflow = Assert.Single(diff.Definitions);
        Assert.Equal(("workflow", "limit-flow", ChangeKind.Changed, 1, 2), (workflow.Kind, workflow.Id, workflow.Change, workflow.FromVersion!.Value, workflow.ToVersion!.Value));
        Assert.Contains(workflow.Changes, c => c is { Kind: ChangeKind.Added, Subject: "step 'audit'", After: "SetVariable" });
        Assert.Contains(workflow.Changes, c => c is { Kind: ChangeKind.Changed, Subject: "step 'wait'", Field: "inputs.signal", Before: "go", After: "ship" });
        Assert.Contains(workflow.Changes, c => c is { Kind: ChangeKind.Added, Subject: "step 'check'", Field: "next.*", After: "audit" });
        Assert.Contains(workflow.Changes, c => c is { Kind: ChangeKind.Added, Subject: "workflow", Field: "variables.x" });
        Assert.Contains("~ step 'wait' inputs.signal: go -> ship", diff.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_Workflows_ReportsNestedSettingsAsOneValue_AndListsWithoutJsonEscapes()
    {
        const string Before = """
            {"id":"w","variables":{"limit":{"type":"decimal","default":1000}},
             "steps":{"approve":{"activity":"HumanTask","inputs":{"outcomes":["approve","reject"]}}}}
            """;
        var after = Before.Replace("1000", "2500", StringComparison.Ordinal).Replace("\"reject\"]", "\"reject\",\"escalate\"]", StringComparison.Ordinal);

        var changes = DefinitionDiffer.Compare("workflow", Before, after);

        Assert.Contains(changes, c => c is { Subject: "workflow", Field: "variables.limit.default", Before: "1000", After: "2500" });
        var outcomes = Assert.Single(changes, c => c.Field == "inputs.outcomes");
        Assert.Equal("""["approve","reject","escalate"]""", outcomes.After);
        Assert.Equal("""~ step 'approve' inputs.outcomes: ["approve","reject"] -> ["approve","reject","escalate"]""", outcomes.ToString());
    }

    [Fact]
    public void Compare_RuleSets_ReportsRulesAddedRemovedAndChangedFields()
    {
        var after = Rules.Replace("\"SuccessEvent\":\"10\"", "\"SuccessEvent\":\"15\"", StringComparison.Ordinal)
            .Replace("{\"RuleName\":\"Big\",\"Expression\":\"order.total > 500\",\"SuccessEvent\":\"5\"}",
                "{\"RuleName\":\"Huge\",\"Expression\":\"order.total > 1000\",\"SuccessEvent\":\"8\"}", StringComparison.Ordinal);

        var changes = DefinitionDiffer.Compare(RuleSetKind.KindName, Rules, after);

        Assert.Equal(3, changes.Count);
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Changed, Subject: "rule 'Discounts/Vip'", Field: "successEvent", Before: "10", After: "15" });
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Removed, Subject: "rule 'Discounts/Big'", Before: "order.total > 500" });
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Added, Subject: "rule 'Discounts/Huge'", After: "order.total > 1000" });
    }

    [Fact]
    public void Compare_DecisionTables_ReportsHitPolicyColumnsAndRows()
    {
        var after = ReleaseFixture.Carriers.Replace("FIRST", "UNIQUE", StringComparison.Ordinal)
            .Replace("['\"DE\"', 'DHL']", "['\"DE\"', 'DPD']", StringComparison.Ordinal)
            .Replace("  - ['-', 'UPS']", "  - ['\"BE\"', 'bpost']\n  - ['-', 'UPS']", StringComparison.Ordinal)
            .Replace("expression: shipment.country", "expression: shipment.address.country", StringComparison.Ordinal);

        var changes = DefinitionDiffer.Compare(DecisionTableKind.KindName, ReleaseFixture.Carriers, after);

        Assert.Contains(changes, c => c is { Subject: "table", Field: "hitPolicy", Before: "FIRST", After: "UNIQUE" });
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Changed, Subject: "input column 'country'" } && c.After!.Contains("shipment.address.country", StringComparison.Ordinal));
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Changed, Subject: "row 2", Field: "carrier", Before: "DHL", After: "DPD" });
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Added, Subject: "row 3", After: "country = \"BE\", carrier = bpost" });
        Assert.DoesNotContain(changes, c => c.Subject.StartsWith("row 1", StringComparison.Ordinal) || c.Subject.StartsWith("row 4", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_TemplateSets_ReportsChangedPartsWithAUnifiedLineDiff()
    {
        const string Before = """{"kind":"email","parts":{"subject":"Your order {{order.id}}","body.html":"<p>Hello {{name}}</p>\n<p>Thanks</p>\n<p>Shop</p>"}}""";
        var after = Before.Replace("<p>Thanks</p>", "<p>Thank you!</p>", StringComparison.Ordinal);

        var change = Assert.Single(DefinitionDiffer.Compare(TemplateSetKind.KindName, Before, after));

        Assert.Equal("part 'body.html'", change.Subject);
        Assert.Equal("@@ -1,3 +1,3 @@\n <p>Hello {{name}}</p>\n-<p>Thanks</p>\n+<p>Thank you!</p>\n <p>Shop</p>", change.Lines);
    }

    [Fact]
    public void Compare_TemplateSets_WithAPartialInTwoModes_ReportsTheChangedModeOnly()
    {
        const string Before = """
            {"kind":"email","parts":{"subject":"Hi"},"partials":[
              {"name":"address-block","mode":"html","content":"<p>{{name}}</p>"},
              {"name":"address-block","mode":"text","content":"{{name}}"}]}
            """;
        var after = Before.Replace("\"{{name}}\"}", "\"{{name}}, {{city}}\"}", StringComparison.Ordinal);

        var change = Assert.Single(DefinitionDiffer.Compare(TemplateSetKind.KindName, Before, after));

        Assert.Equal((ChangeKind.Changed, "partial 'address-block (text)'"), (change.Kind, change.Subject));
    }

    [Fact]
    public async Task CompareAsync_CandidateFilesAgainstTheActiveRelease_ReportsOnlyWhatTheyChange()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        await f.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        var (candidate, problems) = f.Releases.Check([ReleaseFixture.Rules(ReleaseFixture.Strict), ReleaseFixture.Rules(ReleaseFixture.Strict, "fraud")]);
        Assert.Empty(problems);

        var diff = await new ReleaseComparer(f.Engine.Storage, f.Engine.Clock).CompareAsync(null, candidate, "./definitions");

        Assert.Equal("release 1", diff.From);
        Assert.Equal(2, diff.Definitions.Count);
        Assert.Equal(ChangeKind.Added, diff.Definitions.Single(d => d.Id == "fraud").Change);
        var limits = diff.Definitions.Single(d => d.Id == "limits");
        var change = Assert.Single(limits.Changes);
        Assert.Equal(("rule 'Limits/Small'", "expression", "order.total < 100", "order.total < 10"), (change.Subject, change.Field, change.Before, change.After));
    }

    [Fact]
    public async Task CompareAsync_UnknownRelease_SaysSo()
    {
        await using var f = await ReleaseFixture.CreateAsync();

        var error = await Assert.ThrowsAsync<ReleaseException>(() => new ReleaseComparer(f.Engine.Storage, f.Engine.Clock).CompareAsync(1, 2));

        Assert.Contains("Release 1 does not exist", error.Message, StringComparison.Ordinal);
    }
}
