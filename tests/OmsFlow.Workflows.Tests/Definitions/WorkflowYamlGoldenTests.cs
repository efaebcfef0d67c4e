using System.Text.Json.Nodes;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Tests.Activities;
using OmsFlow.Workflows.Tests.Validation;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Tests.Definitions;

public class WorkflowYamlGoldenTests
{
    private static readonly string Golden = TestFiles.Folder("Golden");

    private static WorkflowDefinition ParseGolden()
    {
        var result = WorkflowYaml.Parse(TestFiles.Read(Golden, "order-approval.yaml"), "order-approval.yaml");
        Assert.Empty(result.Problems);
        return result.GetDefinitionOrThrow();
    }

    [Fact]
    public void Parse_GoldenYaml_WritesTheGoldenCanonicalJson()
    {
        var json = WorkflowJson.Write(ParseGolden());

        Assert.Equal(TestFiles.Read(Golden, "order-approval.json").TrimEnd(), json);
    }

    [Fact]
    public void Write_Yaml_ReadsBackToTheSameDefinition()
    {
        var definition = ParseGolden();

        var yaml = WorkflowYaml.Write(definition);
        var reread = WorkflowYaml.Parse(yaml, "rewritten.yaml");

        Assert.Equal(TestFiles.Read(Golden, "order-approval.written.yaml"), yaml);

        Assert.Empty(reread.Problems);
        Assert.Equal(WorkflowJson.Write(definition), WorkflowJson.Write(reread.Definition!));
    }

    [Fact]
    public void Parse_CanonicalJsonText_GivesTheSameDefinition()
    {
        var definition = ParseGolden();

        var fromJson = WorkflowJson.Parse(WorkflowJson.Write(definition), "order-approval.json");
        var fromNode = WorkflowJson.FromNode(JsonNode.Parse(WorkflowJson.Write(definition)));

        Assert.Empty(fromJson.Problems);
        Assert.Equal(WorkflowJson.Write(definition), WorkflowJson.Write(fromJson.Definition!));
        Assert.Equal(WorkflowJson.Write(definition), WorkflowJson.Write(fromNode.Definition!));
    }

    [Fact]
    public void Parse_GoldenYaml_BuildsTheModel()
    {
        var definition = ParseGolden();

        Assert.Equal("order-approval", definition.Id);
        Assert.Equal(FaultPolicy.Incident, definition.OnFault);
        Assert.Equal("check", definition.StartStep);
        Assert.Equal(["check", "ask", "lines", "reserve-line", "release-line", "notify", "rejected", "done"], definition.Steps.Select(s => s.Name));

        var order = definition.Inputs[0];
        Assert.Equal(new ParameterDefinition("order", Workflows.Definitions.ValueType.Object, true, null, "The order as posted by the shop."), order);
        Assert.Equal(Workflows.Definitions.ValueType.Any, definition.Variables.Single(v => v.Name == "reviewer").Type);
        Assert.False(definition.Inputs.Single(v => v.Name == "rush").Default!.GetValue<bool>());

        Assert.Equal(TriggerKind.Hook, definition.Triggers[0].Kind);
        Assert.Equal("orders", definition.Triggers[0].HookPath);
        Assert.Equal("POST", definition.Triggers[0].Method);
        Assert.Equal("input.order.id", definition.Triggers[0].Correlation);
        Assert.Equal("input.order.id", definition.Triggers[1].Correlation);
        Assert.Equal("0 2 * * *", definition.Triggers[2].Cron);
        Assert.Equal(TimeSpan.FromMinutes(15), definition.Triggers[3].Every);

        var check = definition.FindStep("check")!;
        Assert.Equal("=order.total > 1000", check.Inputs["condition"]!.GetValue<string>());
        Assert.Equal("ask", check.TargetFor("true"));
        Assert.Equal("lines", check.TargetFor("false"));
        Assert.Equal(new StepLayout(120, 40), check.Layout);

        var form = definition.FindStep("ask")!.Inputs["form"]!;
        Assert.Equal(1000.50m, form["threshold"]!.GetValue<decimal>());
        Assert.Null(form["expires"]);
        Assert.Equal("0042", form["code"]!.GetValue<string>());
        Assert.Equal(42, form["plainCode"]!.GetValue<long>());
        Assert.Equal("yes", form["answer"]!.GetValue<string>());

        var lines = definition.FindStep("lines")!;
        Assert.Equal("reserve-line", lines.Body);
        Assert.Equal("notify", lines.TargetFor("done"));
        Assert.True(lines.Inputs["parallel"]!.GetValue<bool>());

        var reserve = definition.FindStep("reserve-line")!;
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromSeconds(2), BackoffKind.Exponential, TimeSpan.FromMinutes(1)), reserve.Retry);
        Assert.Equal("release-line", reserve.Compensate);
        Assert.Equal(["code"], reserve.Sensitive);
        Assert.Equal("const line = item;\nreturn line.qty * 2;\n", reserve.Inputs["code"]!.GetValue<string>());

        Assert.Equal(new RetryPolicy(2, TimeSpan.FromSeconds(1)), definition.FindStep("notify")!.Retry);
        Assert.Empty(definition.FindStep("done")!.Next);
    }

    [Fact]
    public void Validate_GoldenWorkflow_HasNoProblems()
    {
        var registry = new ActivityRegistry();
        registry.RegisterAssembly(typeof(TestIf).Assembly);

        var problems = new WorkflowValidator(registry, new NameCheckingEvaluator()).Validate(ParseGolden());

        Assert.Empty(problems);
    }

    [Fact]
    public void Parse_RecordsPositionsOfEveryPart()
    {
        var source = ParseGolden().Source;

        Assert.Equal("order-approval.yaml", source.File);
        Assert.Equal(new SourcePosition(2, 1), source.Find("id"));
        Assert.Equal(new SourcePosition(34, 3), source.Find("steps.check"));
        Assert.Equal(new SourcePosition(37, 15), source.Find("steps.check.inputs.condition"));
        Assert.Equal(new SourcePosition(38, 13), source.Find("steps.check.next.true"));
        Assert.Equal(new SourcePosition(23, 5), source.Find("triggers[0].hook"));
        Assert.Equal(new SourcePosition(23, 5), source.Find("triggers[0]"));
        Assert.Equal(new SourcePosition(37, 15), source.Find("steps.check.inputs.condition.unknown"));
        Assert.Equal(new SourcePosition(50, 15), source.Find("steps.ask.inputs.form.fields[0].name"));
        // Inside values: the expression's '=' and the lines of a block scalar.
        Assert.Equal(new SourcePosition(37, 26), source.Locate("steps.check.inputs.condition", 1, 1));
        Assert.Equal(new SourcePosition(37, 33), source.Locate("steps.check.inputs.condition", 1, 8));
        Assert.Equal(new SourcePosition(72, 9), source.Locate("steps.reserve-line.inputs.code", 1, 1));
        Assert.Equal(new SourcePosition(73, 12), source.Locate("steps.reserve-line.inputs.code", 2, 4));
        Assert.Equal(new SourcePosition(90, 25), source.Locate("steps.rejected.inputs.message", 1, 1));
    }
}
