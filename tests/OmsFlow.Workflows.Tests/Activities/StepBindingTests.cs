using System.Text.Json.Nodes;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Definitions;

namespace OmsFlow.Workflows.Tests.Activities;

public class StepBindingTests
{
    private readonly ActivityRegistry _registry = new();

    private static StepDefinition Step(string activity, Dictionary<string, JsonNode?> inputs) => new() { Name = "s", Activity = activity, Inputs = inputs };

    [Fact]
    public void CreateActivity_SetsLiteralsAndEvaluatesExpressions()
    {
        var binding = _registry.Register<TestWaitForSignal>().Bind(Step("waitforsignal", new()
        {
            ["signal"] = "paid",
            ["correlation"] = "=order.id",
            ["timeout"] = "15m",
        }));
        var asked = new List<string>();

        var activity = (TestWaitForSignal)binding.CreateActivity(expression =>
        {
            asked.Add(expression);
            return "ORD-7";
        });

        Assert.True(binding.HasExpressions);
        Assert.Equal(["order.id"], asked);
        Assert.Equal("paid", activity.Signal);
        Assert.Equal("ORD-7", activity.Correlation);
        Assert.Equal(TimeSpan.FromMinutes(15), activity.Timeout);
    }

    [Fact]
    public void CreateActivity_GivesEachActivityItsOwnCopyOfJsonLiterals()
    {
        var binding = _registry.Register<TestCallWorkflow>().Bind(Step("CallWorkflow", new()
        {
            ["workflow"] = "invoicing",
            ["input"] = new JsonObject { ["copies"] = 1, ["note"] = "==as written" },
        }));

        var first = (TestCallWorkflow)binding.CreateActivity(_ => throw new InvalidOperationException("no expressions"));
        first.Input!["copies"] = 2;
        var second = (TestCallWorkflow)binding.CreateActivity(_ => throw new InvalidOperationException("no expressions"));

        Assert.False(binding.HasExpressions);
        Assert.Equal("""{"copies":1,"note":"=as written"}""", second.Input!.ToJsonString());
    }

    [Fact]
    public void Bind_BadLiteral_FailsAtBindTime()
    {
        var descriptor = _registry.Register<TestDelay>();

        var error = Assert.Throws<ActivityInputException>(() => descriptor.Bind(Step("Delay", new() { ["duration"] = "soon" })));

        Assert.Equal("duration", error.Input);
    }

    [Fact]
    public void Bind_UnknownInput_Fails()
    {
        var descriptor = _registry.Register<TestDelay>();

        var error = Assert.Throws<ActivityInputException>(() => descriptor.Bind(Step("Delay", new() { ["durration"] = "5m" })));

        Assert.Equal("Delay has no input 'durration'; its inputs are duration.", error.Message);
    }

    [Fact]
    public void Bind_StepOfAnotherActivity_Fails()
    {
        var descriptor = _registry.Register<TestDelay>();

        Assert.Throws<ArgumentException>(() => descriptor.Bind(Step("End", [])));
    }

    [Fact]
    public void CreateActivity_ExpressionOfTheWrongType_Fails()
    {
        var binding = _registry.Register<TestIf>().Bind(Step("If", new() { ["condition"] = "=order.total" }));

        var error = Assert.Throws<ActivityInputException>(() => binding.CreateActivity(_ => 12.5m));

        Assert.Equal("input 'condition' of If expects true or false, got 12.5.", error.Message);
    }
}
