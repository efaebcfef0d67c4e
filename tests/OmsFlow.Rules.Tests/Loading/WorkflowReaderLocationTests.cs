using OmsFlow.Rules.Execution;
using OmsFlow.Rules.Loading;

namespace OmsFlow.Rules.Tests.Loading;

public class WorkflowReaderLocationTests
{
    private const string ThreeRules = """
        {
          "WorkflowName": "Checks",
          "Rules": [
            { "RuleName": "One", "Expression": "order.total > 5" },
            { "RuleName": "Two", "Expression": "order.country == \"DE\"" },
            { "RuleName": "Three", "Expression": "order.total > 5 )" }
          ]
        }
        """;

    [Fact]
    public void Load_ExpressionErrorInRuleThree_PointsAtTheCharacterInTheFileAndInTheExpression()
    {
        var error = Assert.Throws<RuleSetLoadException>(() => RuleSet.Load(ThreeRules, "checks.json"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("Three", problem.Rule);
        Assert.Equal(6, problem.Line);
        var line = ThreeRules.Split('\n')[5];
        Assert.Equal(line.IndexOf(')', StringComparison.Ordinal) + 1, problem.Column);
        Assert.Contains("at expression 1:17", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith($"checks.json:6:{problem.Column}: workflow 'Checks' rule 'Three'", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EscapedQuotesBeforeTheError_CountAsTwoColumnsInTheFile()
    {
        const string Json = """
            {"WorkflowName": "w", "Rules": [{"RuleName": "r", "Expression": "order.country == \"DE\" )"}]}
            """;

        var problem = Assert.Single(Assert.Throws<RuleSetLoadException>(() => RuleSet.Load(Json, "w.json")).Problems);

        Assert.Equal(1, problem.Line);
        Assert.Equal(Json.IndexOf(')', StringComparison.Ordinal) + 1, problem.Column);
        Assert.Contains("at expression 1:23", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ParameterExpressionError_PointsIntoTheParameter()
    {
        const string Json = """
            {
              "WorkflowName": "w",
              "GlobalParams": [ { "Name": "limit", "Expression": "1 +* 2" } ],
              "Rules": [ { "RuleName": "r", "Expression": "limit > 0" } ]
            }
            """;

        var problem = Assert.Single(Assert.Throws<RuleSetLoadException>(() => RuleSet.Load(Json, "w.json")).Problems);

        Assert.Equal(3, problem.Line);
        Assert.Contains("parameter 'limit'", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Column > Json.Split('\n')[2].IndexOf("1 +", StringComparison.Ordinal), problem.ToString());
    }

    [Fact]
    public void Load_RuleWithoutName_ReportsWhereTheRuleStarts()
    {
        const string Json = """
            {
              "WorkflowName": "w",
              "Rules": [
                { "RuleName": "a", "Expression": "true" },
                  { "Expression": "true" }
              ]
            }
            """;

        var problem = Assert.Single(Assert.Throws<RuleSetLoadException>(() => RuleSet.Load(Json, "w.json")).Problems);

        Assert.Equal((5, 7), (problem.Line, problem.Column));
        Assert.Contains("RuleName is required", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValueOfTheWrongType_ReportsItsLineAndColumn()
    {
        const string Json = "{\n  \"WorkflowName\": \"w\",\n  \"Rules\": [ { \"RuleName\": \"r\", \"Enabled\": 5, \"Expression\": \"true\" } ]\n}";

        var problem = Assert.Single(Assert.Throws<RuleSetLoadException>(() => RuleSet.Load(Json, "w.json")).Problems);

        Assert.Equal(3, problem.Line);
        Assert.Equal(Json.Split('\n')[2].IndexOf('5', StringComparison.Ordinal) + 1, problem.Column);
        Assert.Contains("expected true or false, found a number", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AcceptsNullsStringNumbersAndUnknownProperties()
    {
        var workflow = Assert.Single(WorkflowReader.Read(
            """{"workflowName": "w", "GlobalParams": null, "Rules": [{"ruleName": "r", "Priority": "3", "ErrorType": 1, "Enabled": "false", "Comment": {"a": [1]}, "Expression": "1 == 1", "Properties": {"tier": 2}}], "Extra": true}""",
            "w.json"));

        var rule = Assert.Single(workflow.Rules);
        Assert.Null(workflow.GlobalParams);
        Assert.Equal(3, rule.Priority);
        Assert.Equal("Error", rule.ErrorType);
        Assert.False(rule.Enabled);
        Assert.Equal(2, rule.Properties!["tier"].GetInt32());
    }

    [Fact]
    public void Read_TextAfterTheRootValue_IsASyntaxErrorWithItsLine()
    {
        var problem = Assert.Single(Assert.Throws<RuleSetLoadException>(() => WorkflowReader.Read("{\"WorkflowName\": \"w\", \"Rules\": []}\n{}", "w.json")).Problems);

        Assert.Equal(2, problem.Line);
        Assert.StartsWith("invalid workflow JSON", problem.Message, StringComparison.Ordinal);
    }
}
