using System.Text.Json.Nodes;
using OmsFlow.Workflows.Definitions;

namespace OmsFlow.Workflows.Tests.Definitions;

public class InputExpressionsTests
{
    [Theory]
    [InlineData("\"=order.total\"", true)]
    [InlineData("\"==literal\"", false)]
    [InlineData("\"plain\"", false)]
    [InlineData("12", false)]
    [InlineData("{\"a\":[1,\"=x\"]}", false)]
    public void IsExpression_OnlyForAnExpressionString(string json, bool expected)
        => Assert.Equal(expected, InputExpressions.IsExpression(JsonNode.Parse(json)));

    [Fact]
    public void ContainsExpression_LooksAtEveryDepth()
    {
        Assert.True(InputExpressions.ContainsExpression(JsonNode.Parse("""{"a":[1,{"b":"=x"}]}""")));
        Assert.False(InputExpressions.ContainsExpression(JsonNode.Parse("""{"a":[1,{"b":"==x"}]}""")));
        Assert.False(InputExpressions.ContainsExpression(null));
    }

    [Fact]
    public void Resolve_ReplacesExpressionsAndUnescapesLiterals()
    {
        var literal = JsonNode.Parse("""{"to":"=customer.email","subject":"==not an expression","lines":["=first",2],"fixed":{"a":1}}""");
        var evaluated = new List<string>();

        var resolved = InputExpressions.Resolve(literal, expression =>
        {
            evaluated.Add(expression);
            return expression == "first" ? new JsonObject { ["sku"] = "A" } : JsonValue.Create("ann@example.com");
        });

        Assert.Equal("""{"to":"ann@example.com","subject":"=not an expression","lines":[{"sku":"A"},2],"fixed":{"a":1}}""", resolved!.ToJsonString());
        Assert.Equal(["customer.email", "first"], evaluated);
        Assert.Equal("=customer.email", literal!["to"]!.GetValue<string>());
    }

    [Fact]
    public void Resolve_WithoutExpressions_ReturnsTheSameNode()
    {
        var literal = JsonNode.Parse("""{"a":[1,2]}""");

        Assert.Same(literal, InputExpressions.Resolve(literal, _ => throw new InvalidOperationException("not called")));
    }

    [Fact]
    public void Resolve_ResultOwnedElsewhere_IsCopied()
    {
        var variables = new JsonObject { ["address"] = new JsonObject { ["city"] = "Lyon" } };

        var resolved = InputExpressions.Resolve(new JsonArray("=address"), _ => variables["address"]);

        Assert.Equal("""[{"city":"Lyon"}]""", resolved!.ToJsonString());
        Assert.Same(variables, variables["address"]!.Parent);
    }
}
