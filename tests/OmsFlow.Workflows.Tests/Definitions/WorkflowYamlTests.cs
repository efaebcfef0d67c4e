using System.Text.Json.Nodes;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Tests.Definitions;

public class WorkflowYamlTests
{
    private static WorkflowDefinition Parse(string yaml)
    {
        var result = WorkflowYaml.Parse(yaml, "test.yaml");
        Assert.Empty(result.Problems);
        return result.GetDefinitionOrThrow();
    }

    [Fact]
    public void Next_AsAStepName_IsTheCatchAll()
    {
        var definition = Parse("""
            id: a
            steps:
              first: { activity: Delay, next: second }
              second: { activity: End }
            """);

        var first = definition.FindStep("first")!;
        Assert.Equal("second", first.Next[StepDefinition.CatchAllOutcome]);
        Assert.Equal("second", first.TargetFor("timeout"));
        Assert.Equal("first", definition.StartStep);
    }

    [Fact]
    public void PlainScalars_ResolveByTheCoreSchema_QuotedOnesStayText()
    {
        var inputs = Parse("""
            id: a
            steps:
              only:
                activity: SetVariable
                inputs:
                  int: 12
                  negative: -3
                  decimal: 2.50
                  exponent: 1e3
                  bool: True
                  nothing: ~
                  empty:
                  yes: yes
                  version: 1.2.3
                  quoted: "12"
                  single: 'true'
                  tagged: !!str 15
                  expression: =order.total * 1.2
            """).Steps[0].Inputs;

        Assert.Equal("12", inputs["int"]!.ToJsonString());
        Assert.Equal("-3", inputs["negative"]!.ToJsonString());
        Assert.Equal(2.50m, inputs["decimal"]!.GetValue<decimal>());
        Assert.Equal(1000m, inputs["exponent"]!.GetValue<decimal>());
        Assert.True(inputs["bool"]!.GetValue<bool>());
        Assert.Null(inputs["nothing"]);
        Assert.Null(inputs["empty"]);
        Assert.Equal("yes", inputs["yes"]!.GetValue<string>());
        Assert.Equal("1.2.3", inputs["version"]!.GetValue<string>());
        Assert.Equal("12", inputs["quoted"]!.GetValue<string>());
        Assert.Equal("true", inputs["single"]!.GetValue<string>());
        Assert.Equal("15", inputs["tagged"]!.GetValue<string>());
        Assert.Equal("=order.total * 1.2", inputs["expression"]!.GetValue<string>());
    }

    [Fact]
    public void AnchorsAndAliases_CopyTheAnchoredValue()
    {
        var definition = Parse("""
            id: a
            steps:
              first:
                activity: SetVariable
                inputs: { name: address, value: &home { city: Lyon, zip: "69001" } }
                next: second
              second:
                activity: SetVariable
                inputs: { name: shipping, value: *home }
            """);

        var copy = definition.FindStep("second")!.Inputs["value"]!;
        Assert.Equal("""{"city":"Lyon","zip":"69001"}""", copy.ToJsonString());
        Assert.NotSame(definition.FindStep("first")!.Inputs["value"], copy);
    }

    [Fact]
    public void Json_IndentedWithTabs_IsRead()
    {
        var result = WorkflowJson.Parse("{\n\t\"id\": \"tabs\",\n\t\"steps\": {\n\t\t\"done\": { \"activity\": \"End\" }\n\t}\n}", "tabs.json");

        Assert.True(result.Succeeded);
        Assert.Equal(new SourcePosition(4, 3), result.Definition!.Source.Find("steps.done"));
    }

    [Fact]
    public void Json_MissingComma_IsAJsonSyntaxErrorWithItsPosition()
    {
        var result = WorkflowJson.Parse("{\n  \"id\": \"a\"\n  \"steps\": {}\n}", "bad.json");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("json-syntax", problem.Code);
        Assert.Equal("bad.json", problem.File);
        Assert.Equal(new SourcePosition(3, 3), problem.Position);
        Assert.Null(result.Definition);
    }

    [Fact]
    public void RetryShorthand_IsAttemptsWithAOneSecondDelay()
    {
        var step = Parse("""
            id: a
            steps:
              call: { activity: Script, retry: 4 }
            """).Steps[0];

        Assert.Equal(new RetryPolicy(4, TimeSpan.FromSeconds(1)), step.Retry);
    }

    [Fact]
    public void Durations_ReadInEveryWrittenForm()
    {
        var triggers = Parse("""
            id: a
            triggers:
              - every: 1h30m
              - every: PT2M
              - every: "00:00:45"
              - every: 1.5d
              - every: 2 weeks
            steps:
              done: { activity: End }
            """).Triggers;

        Assert.Equal(
            [TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(45), TimeSpan.FromHours(36), TimeSpan.FromDays(14)],
            triggers.Select(t => t.Every!.Value));
    }

    [Fact]
    public void GetDefinitionOrThrow_WithErrors_ThrowsListingThem()
    {
        var result = WorkflowYaml.Parse("id: a\nsteps: []\n", "a.yaml");

        var error = Assert.Throws<WorkflowDefinitionException>(result.GetDefinitionOrThrow);

        Assert.False(result.Succeeded);
        Assert.Equal("wrong-kind", Assert.Single(error.Problems).Code);
        Assert.Contains("a.yaml:2:1: error wrong-kind:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromNode_HasNoPositionsButTheSameChecks()
    {
        var result = WorkflowJson.FromNode(JsonNode.Parse("""{"id":"a","steps":{"x":{"activity":"End","nxt":"y"}}}"""));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(new DefinitionProblem("unknown-field", problem.Message, ProblemSeverity.Error, null, null, "x", "nxt"), problem);
        Assert.Contains("Did you mean 'next'?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_QuotesTextThatWouldReadAsAnotherType()
    {
        var definition = new WorkflowDefinition
        {
            Id = "quoting",
            Steps =
            [
                new StepDefinition
                {
                    Name = "set",
                    Activity = "SetVariable",
                    Inputs = new Dictionary<string, JsonNode?>
                    {
                        ["flag"] = "true", ["number"] = "007", ["empty"] = "", ["colon"] = "a: b", ["star"] = "*", ["hash"] = "x #y", ["real"] = 1.5m,
                    },
                    Next = new Dictionary<string, string> { ["*"] = "set" },
                },
                new StepDefinition
                {
                    Name = "branch",
                    Activity = "HumanTask",
                    Next = new Dictionary<string, string> { ["true"] = "set", ["*"] = "branch", ["a: b"] = "set" },
                    Layout = new StepLayout(12.5, -3),
                    Retry = new RetryPolicy(2, TimeSpan.FromMilliseconds(1500), BackoffKind.Fixed, TimeSpan.FromHours(26)),
                },
            ],
        };

        var yaml = WorkflowYaml.Write(definition);
        var reread = WorkflowYaml.Parse(yaml).GetDefinitionOrThrow();

        Assert.Equal(WorkflowJson.Write(definition), WorkflowJson.Write(reread));
        Assert.Contains("next: set", yaml, StringComparison.Ordinal);
    }
}
