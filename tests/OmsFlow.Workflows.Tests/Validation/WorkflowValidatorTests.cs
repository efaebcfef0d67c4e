using System.Text.Json.Nodes;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Tests.Activities;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Tests.Validation;

public class WorkflowValidatorTests
{
    private static ActivityRegistry Registry()
    {
        var registry = new ActivityRegistry();
        registry.RegisterAssembly(typeof(TestIf).Assembly);
        return registry;
    }

    private static StepDefinition Step(string name, string activity, string? next = null, Dictionary<string, JsonNode?>? inputs = null) => new()
    {
        Name = name,
        Activity = activity,
        Inputs = inputs ?? [],
        Next = next is null ? [] : new Dictionary<string, string> { [StepDefinition.CatchAllOutcome] = next },
    };

    [Fact]
    public void Validate_DefinitionBuiltInCode_ReportsStepAndFieldWithoutPositions()
    {
        var definition = new WorkflowDefinition
        {
            Id = "in-code",
            Steps = [Step("wait", "Delay", next: "gone"), Step("wait", "End")],
        };

        var problems = new WorkflowValidator(Registry()).Validate(definition);

        Assert.Equal(
            [
                "error duplicate-step: Two steps are named 'wait'; rename one. (step 'wait')",
                "error unknown-step: 'next' goes to 'gone', but there is no step of that name. (step 'wait', field 'next')",
                "error missing-input: Delay needs input 'duration' (a duration such as 15m, 2s, 1h30m or 500ms); add it under 'inputs'. (step 'wait')",
            ],
            problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Validate_AnIdLongerThanTheStoreKeeps_IsABadIdThatSaysTheLimit()
    {
        var longest = new WorkflowDefinition { Id = new string('a', WorkflowValidator.MaxIdLength), Steps = [Step("end", "End")] };
        var tooLong = new WorkflowDefinition { Id = new string('a', WorkflowValidator.MaxIdLength + 1), Steps = [Step("end", "End")] };

        Assert.Empty(new WorkflowValidator(Registry()).Validate(longest));
        var problem = Assert.Single(new WorkflowValidator(Registry()).Validate(tooLong));
        Assert.Equal("bad-id", problem.Code);
        Assert.Contains("201 characters long; use at most 200", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithoutAnEvaluator_DoesNotCheckExpressions()
    {
        var definition = new WorkflowDefinition
        {
            Id = "no-evaluator",
            Steps = [Step("set", "SetVariable", inputs: new() { ["name"] = "x", ["value"] = "=unknown_name((" })],
        };

        Assert.Empty(new WorkflowValidator(Registry()).Validate(definition));
        Assert.Equal("expression", Assert.Single(new WorkflowValidator(Registry(), new NameCheckingEvaluator()).Validate(definition)).Code);
    }

    [Fact]
    public void ParseAndValidate_WarningsOnly_Succeeds()
    {
        var result = new WorkflowValidator(Registry()).ParseAndValidate("""
            id: with-warning
            steps:
              done: { activity: End }
              spare: { activity: End }
            """, "w.yaml");

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Problems);
        Assert.Equal(ProblemSeverity.Warning, warning.Severity);
        Assert.Equal("w.yaml:4:3: warning unreachable-step: No path from the start step 'done' leads to 'spare'; connect it from another step's 'next' or remove it. (step 'spare')", warning.ToString());
    }

    [Fact]
    public void ParseAndValidate_SyntaxError_StopsBeforeTheModel()
    {
        var result = new WorkflowValidator(Registry()).ParseAndValidate("id: [unclosed\nsteps: {}\n", "s.yaml");

        Assert.Null(result.Definition);
        Assert.Equal("yaml-syntax", Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void Validate_DynamicOutcomes_AcceptAnyNextKey()
    {
        var definition = new WorkflowDefinition
        {
            Id = "dynamic",
            Steps =
            [
                new StepDefinition { Name = "fork", Activity = "Fork", Next = new Dictionary<string, string> { ["a"] = "end", ["b"] = "end" } },
                Step("end", "End"),
            ],
        };

        Assert.Empty(new WorkflowValidator(Registry()).Validate(definition));
    }

    [Fact]
    public void Validate_LoopThroughAnUnknownActivity_IsNotReportedAsEndless()
    {
        var definition = new WorkflowDefinition
        {
            Id = "unknown-in-loop",
            Steps = [Step("a", "SetVariable", next: "b", inputs: new() { ["name"] = "x" }), Step("b", "Mystery", next: "a")],
        };

        var problems = new WorkflowValidator(Registry()).Validate(definition);

        Assert.Equal(["unknown-activity"], problems.Select(p => p.Code));
    }

    [Fact]
    public void Validate_EscapedLiteral_IsTypeCheckedAsText()
    {
        var definition = new WorkflowDefinition
        {
            Id = "escaped",
            Steps = [Step("check", "If", inputs: new() { ["condition"] = "==true" })],
        };

        var problem = Assert.Single(new WorkflowValidator(Registry()).Validate(definition));

        Assert.Equal("wrong-type", problem.Code);
    }

    [Fact]
    public void Validate_CallToAnUnknownWorkflow_IsReportedWhenTheCatalogIsGiven()
    {
        var definition = new WorkflowDefinition
        {
            Id = "caller",
            Steps =
            [
                Step("invoice", "CallWorkflow", inputs: new() { ["workflow"] = "invoicng" }),
                Step("again", "CallWorkflow", inputs: new() { ["workflow"] = "=input.flow" }),
                Step("self", "CallWorkflow", inputs: new() { ["workflow"] = "caller" }),
            ],
        };
        var validator = new WorkflowValidator(Registry());

        var withCatalog = validator.Validate(definition, ["invoicing", "shipping"]).Where(p => p.Severity == ProblemSeverity.Error);

        var problem = Assert.Single(withCatalog);
        Assert.Equal("error unknown-workflow: There is no workflow 'invoicng' to call. Did you mean 'invoicing'? Deploy it first or release both together. (step 'invoice', field 'inputs.workflow')", problem.ToString());
        Assert.DoesNotContain(validator.Validate(definition), p => p.Code == "unknown-workflow");
    }
}
