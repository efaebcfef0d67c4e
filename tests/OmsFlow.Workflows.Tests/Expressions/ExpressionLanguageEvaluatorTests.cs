using System.Text.Json.Nodes;
using OmsFlow.Workflows.Expressions;

namespace OmsFlow.Workflows.Tests.Expressions;

public sealed class ExpressionLanguageEvaluatorTests
{
    private static readonly ExpressionLanguageEvaluator Evaluator = new();

    private static Dictionary<string, JsonNode?> Scope() => new()
    {
        ["order"] = JsonNode.Parse("""{"id": "SO-1", "total": 120.5, "country": "DE", "lines": [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 6}]}"""),
        ["input"] = JsonNode.Parse("""{"threshold": 100}"""),
        ["steps"] = JsonNode.Parse("""{"reserve": {"outcome": "Reserved"}}"""),
    };

    [Theory]
    [InlineData("order.total > input.threshold", "true")]
    [InlineData("order.lines.Sum(l => l.qty)", "8")]
    [InlineData("order.total * 2", "241")]
    [InlineData("order.lines.Where(l => l.qty > 1).Select(l => l.sku)", """["A","B"]""")]
    [InlineData("steps.reserve.outcome == \"Reserved\" ? \"ship\" : \"wait\"", "\"ship\"")]
    [InlineData("order.missing", "null")]
    [InlineData("new (order.id as orderId, order.lines.Count() as lineCount)", """{"orderId":"SO-1","lineCount":2}""")]
    [InlineData("DateTime.Parse(\"2026-11-23T10:00:00Z\").ToUniversalTime()", "\"2026-11-23T10:00:00.0000000Z\"")]
    public void Evaluate_OverWorkflowVariables_ReturnsJson(string expression, string expectedJson)
    {
        var result = Evaluator.Evaluate(expression, Scope());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedJson), result), result?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Evaluate_ReturningAVariable_GivesACopyThatCanBeAttachedElsewhere()
    {
        var scope = Scope();

        var result = Evaluator.Evaluate("order.lines[0]", scope);
        var holder = new JsonObject { ["line"] = result };

        Assert.Equal("A", holder["line"]!["sku"]!.GetValue<string>());
        Assert.Equal("A", scope["order"]!["lines"]![0]!["sku"]!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_SameExpressionWithNewValues_UsesTheNewValues()
    {
        var first = Evaluator.Evaluate("order.total > 100", Scope());
        var scope = Scope();
        scope["order"] = JsonNode.Parse("""{"total": 5}""");

        var second = Evaluator.Evaluate("order.total > 100", scope);

        Assert.True(first!.GetValue<bool>());
        Assert.False(second!.GetValue<bool>());
    }

    [Fact]
    public void Evaluate_UnknownVariable_ThrowsWithPositionAndHint()
    {
        var error = Assert.Throws<ExpressionEvaluationException>(() => Evaluator.Evaluate("ordr.total > 1", Scope()));

        Assert.Contains("1:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'order'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SyntaxError_ThrowsWithPosition()
    {
        var error = Assert.Throws<ExpressionEvaluationException>(() => Evaluator.Evaluate("order.total >", Scope()));

        Assert.Contains("1:14", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnknownTopLevelName_ReportsItWithHint()
    {
        var problems = Evaluator.Check("order.total > 1 and custmer.vip", ["order", "customer"]);

        var problem = Assert.Single(problems);
        Assert.Equal(1, problem.Line);
        Assert.Equal(21, problem.Column);
        Assert.Equal("unknown name 'custmer'; did you mean 'customer'?", problem.Message);
    }

    [Fact]
    public void Check_LambdaParametersImplicitItemAndTypeNames_AreNotReported()
    {
        var problems = Evaluator.Check("order.lines.Any(l => l.qty > Math.Max(1, 2)) and order.lines.All(qty > 0)", ["order"]);

        Assert.Empty(problems);
    }

    [Fact]
    public void Check_SyntaxError_IsOneProblemWithPosition()
    {
        var problem = Assert.Single(Evaluator.Check("order.total > > 1", ["order"]));

        Assert.Equal(15, problem.Column);
    }
}
