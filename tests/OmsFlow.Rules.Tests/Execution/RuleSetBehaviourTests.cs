using System.Text.Json.Nodes;
using OmsFlow.Rules.Actions;
using OmsFlow.Rules.Execution;
using OmsFlow.Rules.Loading;

namespace OmsFlow.Rules.Tests.Execution;

public sealed class RuleSetBehaviourTests
{
    private const string Workflows = """
    [
      {
        "workflowName": "Checks",
        "globalParams": [ { "name": "limit", "expression": "100" } ],
        "rules": [
          { "ruleName": "Cheap", "priority": 1, "expression": "order.total < limit" },
          { "ruleName": "Domestic", "priority": 5, "expression": "order.country == \"DE\" && order.total > 10 && order.express" },
          {
            "ruleName": "Nested", "operator": "AndAlso",
            "localParams": [ { "name": "doubled", "expression": "order.total * 2" } ],
            "rules": [
              { "ruleName": "Small", "expression": "doubled < 50" },
              { "ruleName": "German", "expression": "order.country == \"DE\"" }
            ]
          },
          { "ruleName": "Disabled", "enabled": false, "expression": "true" },
          { "ruleName": "Throws", "expression": "order.total / order.zero > 1" },
          {
            "ruleName": "Reward", "expression": "order.total > 0",
            "actions": {
              "onSuccess": { "name": "OutputExpression", "context": { "expression": "order.total * 2" } },
              "onFailure": { "name": "Tag", "context": { "label": "none" } }
            }
          },
          {
            "ruleName": "Chain", "expression": "true",
            "actions": { "onSuccess": { "name": "EvaluateRule", "context": {
              "workflowName": "Pricing", "ruleName": "Price",
              "inputFilter": ["order"],
              "additionalInputs": [ { "name": "factor", "expression": "3" } ] } } }
          }
        ]
      },
      {
        "workflowName": "Pricing",
        "rules": [
          { "ruleName": "Price", "expression": "factor > 1",
            "actions": { "onSuccess": { "name": "OutputExpression", "context": { "expression": "order.total * factor" } } } }
        ]
      },
      { "workflowName": "Combined", "workflowsToInject": ["Pricing"], "rules": [ { "ruleName": "Own", "expression": "true" } ] }
    ]
    """;

    private sealed class TagAction : RuleAction
    {
        public override object? Run(ActionContext context, IReadOnlyList<RuleParameter> parameters) =>
            context.GetContext<string>("label") + ":" + context.ParentResult.Rule.RuleName;
    }

    private static RuleSet Load(ReSettings? settings = null)
    {
        settings ??= new ReSettings();
        settings.CustomActions["Tag"] = () => new TagAction();
        return RuleSet.Load(Workflows, "checks.json", settings);
    }

    private static RuleParameter Order(string json) => new("order", JsonNode.Parse(json));

    private static RuleResultTree Find(List<RuleResultTree> results, string name) => results.Single(r => r.Rule.RuleName == name);

    [Fact]
    public void Execute_DisabledRules_AreSkipped()
    {
        var results = Load().Execute("Checks", Order("""{"total": 20, "country": "DE", "zero": 1}"""));

        Assert.DoesNotContain(results, r => r.Rule.RuleName == "Disabled");
        Assert.Equal(6, results.Count);
    }

    [Fact]
    public void Execute_NestedRules_SeeLocalParamsAndCombineWithTheOperator()
    {
        var nested = Find(Load().Execute("Checks", Order("""{"total": 20, "country": "DE", "zero": 1}""")), "Nested");

        Assert.True(nested.IsSuccess);
        Assert.Equal(40L, nested.Inputs["doubled"]);
        Assert.Equal(2, nested.ChildResults!.Count);
    }

    [Fact]
    public void Execute_PerformanceMode_StopsAtTheFirstDecidingChild()
    {
        var results = Load(new ReSettings { NestedRuleExecutionMode = NestedRuleExecutionMode.Performance })
            .Execute("Checks", Order("""{"total": 90, "country": "DE", "zero": 1}"""));

        var nested = Find(results, "Nested");
        Assert.False(nested.IsSuccess);
        Assert.Single(nested.ChildResults!);
    }

    [Fact]
    public void Execute_RuntimeError_IsASystemErrorApartFromBusinessFailures()
    {
        var results = Load().Execute("Checks", Order("""{"total": 500, "country": "FR", "zero": 0}"""));

        var throws = Find(results, "Throws");
        Assert.Equal(RuleOutcome.SystemError, throws.Outcome);
        Assert.StartsWith("Error while executing rule : Throws - ", throws.ExceptionMessage, StringComparison.Ordinal);
        Assert.Equal(RuleOutcome.BusinessFailure, Find(results, "Cheap").Outcome);
    }

    [Fact]
    public void Execute_IgnoreException_LeavesTheMessageEmpty()
    {
        var results = Load(new ReSettings { IgnoreException = true }).Execute("Checks", Order("""{"total": 500, "zero": 0}"""));

        var throws = Find(results, "Throws");
        Assert.False(throws.IsSuccess);
        Assert.Equal(string.Empty, throws.ExceptionMessage);
    }

    [Fact]
    public void Execute_ExceptionsNotAsMessages_Throw()
    {
        var rules = Load(new ReSettings { EnableExceptionAsErrorMessage = false });

        var error = Assert.Throws<RuleEvaluationException>(() => rules.Execute("Checks", Order("""{"total": 500, "zero": 0}""")));

        Assert.StartsWith("Error while executing rule : Throws - ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_FailedCondition_ExplainsWhichPartWasFalse()
    {
        var domestic = Find(Load().Execute("Checks", Order("""{"total": 500, "country": "DE", "express": false, "zero": 1}""")), "Domestic");

        Assert.Equal(RuleOutcome.BusinessFailure, domestic.Outcome);
        Assert.Equal("`order.express` (at 1:46) was false", domestic.Explanation);
    }

    [Fact]
    public void Execute_Actions_RunOnSuccessAndOnFailure()
    {
        var rules = Load();

        var success = Find(rules.Execute("Checks", Order("""{"total": 21, "zero": 1}""")), "Reward");
        var failure = Find(rules.Execute("Checks", Order("""{"total": -1, "zero": 1}""")), "Reward");

        Assert.Null(success.ActionResult!.Exception);
        Assert.Equal(42L, success.ActionResult!.Output);
        Assert.Equal("none:Reward", failure.ActionResult!.Output);
    }

    [Fact]
    public void Execute_EvaluateRuleAction_RunsTheOtherRuleWithFilteredAndAdditionalInputs()
    {
        var chain = Find(Load().Execute("Checks", Order("""{"total": 7, "zero": 1}""")), "Chain");

        Assert.Null(chain.ActionResult!.Exception);
        Assert.Equal(21L, chain.ActionResult.Output);
    }

    [Fact]
    public void Execute_AutoExecuteActionsOff_LeavesActionResultEmpty()
    {
        var reward = Find(Load(new ReSettings { AutoExecuteActions = false }).Execute("Checks", Order("""{"total": 21, "zero": 1}""")), "Reward");

        Assert.Null(reward.ActionResult);
    }

    [Fact]
    public void ExecuteActionWorkflow_ReturnsTheActionOutput()
    {
        var outcome = Load().ExecuteActionWorkflow("Pricing", "Price", Order("""{"total": 5}"""), new RuleParameter("factor", JsonNode.Parse("4")));

        Assert.Equal(20L, outcome.Output);
        Assert.Single(outcome.Results);
    }

    [Theory]
    [InlineData(EvaluationMode.FirstMatch, new[] { "Cheap" })]
    [InlineData(EvaluationMode.Priority, new[] { "Domestic" })]
    public void Execute_FirstMatchAndPriorityModes_StopAtTheFirstSuccess(EvaluationMode mode, string[] expected)
    {
        var results = Load().Execute("Checks", mode, Order("""{"total": 20, "country": "DE", "express": true, "zero": 1}"""));

        Assert.Equal(expected, results.Where(r => r.IsSuccess).Select(r => r.Rule.RuleName));
        Assert.True(results[^1].IsSuccess);
        Assert.Single(results, r => r.IsSuccess);
    }

    [Fact]
    public void Execute_InjectedWorkflow_AppendsItsRules()
    {
        var results = Load().Execute("Combined", Order("""{"total": 5}"""), new RuleParameter("factor", JsonNode.Parse("2")));

        Assert.Equal(["Own", "Price"], results.Select(r => r.Rule.RuleName));
    }

    [Fact]
    public void Execute_UnknownWorkflow_NamesTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => Load().Execute("Nope", Order("{}")));

        Assert.Contains("known workflows: Checks, Pricing, Combined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EnumsAsNumbersAndAnyCase_AreAccepted()
    {
        var rules = RuleSet.Load("""{"WORKFLOWNAME": "w", "rules": [{"RULENAME": "r", "RuleExpressionType": 0, "EXPRESSION": "1 == 1"}]}""", "w.json");

        Assert.True(Assert.Single(rules.Execute("w")).IsSuccess);
    }

    [Fact]
    public void Load_BrokenJson_ReportsLineAndColumn()
    {
        var error = Assert.Throws<RuleSetLoadException>(() => RuleSet.Load("{\n  \"WorkflowName\": \"w\",\n  \"Rules\": [ }", "broken.json"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("broken.json", problem.File);
        Assert.Equal(3, problem.Line);
    }

    [Fact]
    public void Load_UnknownInjectedWorkflowAndDuplicateRules_AreReported()
    {
        var error = Assert.Throws<RuleSetLoadException>(() => RuleSet.Load(
            """{"WorkflowName": "w", "WorkflowsToInject": ["ghost"], "Rules": [{"RuleName": "a", "Expression": "true"}, {"RuleName": "a", "Expression": "true"}]}""",
            "w.json"));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Message.Contains("'ghost'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Rule == "a" && p.Message.Contains("same RuleName", StringComparison.Ordinal));
    }

    [Fact]
    public void Execute_CaseSensitiveSetting_RejectsWrongCaseOnTypedInputs()
    {
        var rules = RuleSet.Load("""{"WorkflowName": "w", "Rules": [{"RuleName": "r", "Expression": "input1.length > 2"}]}""", "w.json", new ReSettings { IsExpressionCaseSensitive = true });

        var result = Assert.Single(rules.Execute("w", RuleParameter.FromInputs("abc")));

        Assert.StartsWith("Exception while parsing expression", result.ExceptionMessage, StringComparison.Ordinal);
        Assert.Contains("did you mean 'Length'?", result.ExceptionMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UseFastExpressionCompiler", "false")]
    [InlineData("usefastexpressioncompiler", "False")]
    public void Settings_RulesEngineCompilerChoice_IsAcceptedByName(string name, string value)
    {
        var settings = new ReSettings();

        settings.Set(name, value);

        Assert.False(settings.UseFastExpressionCompiler);
    }

    [Fact]
    public void Settings_UnknownName_ListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => new ReSettings().Set("UseTurbo", "true"));

        Assert.Contains("UseFastExpressionCompiler", error.Message, StringComparison.Ordinal);
    }
}
