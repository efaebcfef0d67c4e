using System.Text.Json.Nodes;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Workflows.Tests.Activities;

public class ActivityInputTests
{
    private readonly ActivityRegistry _registry = new();

    private TestEverything Set(string name, JsonNode? value)
    {
        var descriptor = _registry.Register<TestEverything>();
        var activity = (TestEverything)descriptor.Create();
        descriptor.SetInput(activity, name, value);
        return activity;
    }

    private ActivityInputException Fails(string name, JsonNode? value)
    {
        var descriptor = _registry.Register<TestEverything>();
        return Assert.Throws<ActivityInputException>(() => descriptor.SetInput(descriptor.Create(), name, value));
    }

    [Fact]
    public void Scalars_ConvertFromJson()
    {
        Assert.Equal("hello", Set("text", "hello").Text);
        Assert.Equal("42", Set("text", 42).Text);
        Assert.Equal(7, Set("count", 7).Count);
        Assert.Equal(7, Set("count", JsonNode.Parse("7.0")).Count);
        Assert.Equal(12, Set("count", "12").Count);
        Assert.Equal(5_000_000_000L, Set("big", 5_000_000_000L).Big);
        Assert.Equal(19.99m, Set("amount", JsonNode.Parse("19.99")).Amount);
        Assert.Equal(0.25, Set("ratio", 0.25).Ratio);
        Assert.True(Set("flag", true).Flag);
        Assert.True(Set("flag", JsonNode.Parse("true")).Flag);
        Assert.True(Set("flag", "True").Flag);
    }

    [Fact]
    public void DatesAndDurations_ConvertFromText()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero), Set("when", "2026-03-01T09:00:00Z").When);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(2)), Set("when", "2026-03-01T09:00:00+02:00").When);
        Assert.Equal(TimeSpan.FromMinutes(15), Set("wait", "15m").Wait);
        Assert.Equal(TimeSpan.FromMinutes(90), Set("wait", "1h30m").Wait);
        Assert.Equal(TimeSpan.FromMilliseconds(500), Set("wait", "500ms").Wait);
        Assert.Equal(TimeSpan.FromDays(2), Set("wait", "2d").Wait);
        Assert.Equal(TimeSpan.FromMinutes(15), Set("wait", "PT15M").Wait);
        Assert.Equal(TimeSpan.FromSeconds(90), Set("wait", "00:01:30").Wait);
        Assert.Equal(TimeSpan.FromSeconds(1.5), Set("wait", "1.5s").Wait);
    }

    [Fact]
    public void JsonInputs_AreClonedSoTheDefinitionsValueStaysUntouched()
    {
        var literal = new JsonObject { ["sku"] = "A-1", ["qty"] = 2 };
        var owner = new JsonObject { ["nested"] = literal };

        var activity = Set("payload", literal);
        activity.Payload!["qty"] = 3;

        Assert.Equal(2, literal["qty"]!.GetValue<int>());
        Assert.Same(owner, literal.Parent);
        Assert.Equal("""{"sku":"A-1","qty":3}""", activity.Payload.ToJsonString());
        Assert.Equal("[1,2]", Set("rows", new JsonArray(1, 2)).Rows!.ToJsonString());
        Assert.Equal("""{"a":1}""", Set("anything", new JsonObject { ["a"] = 1 }).Anything!.ToJsonString());
    }

    [Fact]
    public void EnumsAndLists_Convert()
    {
        Assert.Equal(JoinMode.Any, Set("mode", "any").Mode);
        Assert.Equal(JoinMode.All, Set("mode", "ALL").Mode);
        Assert.Equal(["a", "b"], Set("tags", new JsonArray("a", "b")).Tags!);
        Assert.Equal(["x", "y"], Set("names", new JsonArray("x", "y")).Names);
        Assert.Equal(["only"], Set("labels", "only").Labels);
    }

    [Fact]
    public void NullableInputs_AcceptNull()
    {
        var activity = Set("maybeCount", 4);
        Assert.Equal(4, activity.MaybeCount);
        Assert.Null(Set("maybeCount", null).MaybeCount);
        Assert.Null(Set("maybeWait", null).MaybeWait);
        Assert.Equal(TimeSpan.FromSeconds(30), Set("maybeWait", "30s").MaybeWait);
        Assert.Equal(JoinMode.Any, Set("maybeMode", "Any").MaybeMode);
        Assert.Null(Set("text", null).Text);
    }

    [Fact]
    public void ObjectInputs_DeserializeToRecords()
    {
        var descriptor = _registry.Register<TestSwitch>();
        var activity = (TestSwitch)descriptor.Create();

        descriptor.SetInput(activity, "cases", JsonNode.Parse("""[{"when":"=total > 10","outcome":"big"}]"""));

        Assert.Equal([new TestSwitchCase("=total > 10", "big")], activity.Cases);
    }

    [Theory]
    [InlineData("wait", "\"soon\"", "input 'wait' of Everything expects a duration such as 15m, 2s, 1h30m or 500ms, got \"soon\".")]
    [InlineData("count", "1.5", "input 'count' of Everything expects a whole number, got 1.5.")]
    [InlineData("count", "null", "input 'count' of Everything expects a whole number, got nothing (null).")]
    [InlineData("flag", "\"yes\"", "input 'flag' of Everything expects true or false, got \"yes\".")]
    [InlineData("mode", "\"some\"", "input 'mode' of Everything expects one of all, any, got \"some\".")]
    [InlineData("mode", "\"1\"", "input 'mode' of Everything expects one of all, any, got \"1\".")]
    [InlineData("when", "\"tomorrow\"", "input 'when' of Everything expects a date-time such as 2026-03-01T09:00:00Z, got \"tomorrow\".")]
    [InlineData("payload", "[1]", "input 'payload' of Everything expects an object, got [1].")]
    [InlineData("tags", "[{\"a\":1}]", "input 'tags' of Everything expects a list of strings, got [{\"a\":1}].")]
    [InlineData("text", "{\"a\":1}", "input 'text' of Everything expects a string, got {\"a\":1}.")]
    public void WrongValue_FailsWithTheInputTheActivityAndAnExample(string input, string json, string expected)
    {
        var error = Fails(input, json == "null" ? null : JsonNode.Parse(json));

        Assert.Equal(expected, error.Message);
        Assert.Equal("Everything", error.ActivityType);
        Assert.Equal(input, error.Input);
    }

    [Fact]
    public void UnknownInput_FailsListingTheKnownOnes()
    {
        var descriptor = _registry.Register<TestWaitForSignal>();

        var error = Assert.Throws<ActivityInputException>(() => descriptor.SetInput(descriptor.Create(), "timout", "5m"));

        Assert.Equal("WaitForSignal has no input 'timout'; its inputs are signal, correlation, timeout.", error.Message);
    }

    [Fact]
    public void Accepts_ChecksLiteralsAndOptions()
    {
        var humanTask = _registry.Register<TestHumanTask>();
        Assert.True(humanTask.TryGetInput("role", out var role));

        Assert.True(role.Accepts("ops"));
        Assert.False(role.Accepts("janitor"));
        Assert.Equal("input 'role' of HumanTask expects one of ops, analyst, admin, got \"janitor\"", role.DescribeMismatch("janitor"));
        Assert.True(humanTask.TryGetInput("timeout", out var timeout));
        Assert.True(timeout.Accepts("2h"));
        Assert.False(timeout.Accepts(12));
    }

    [Fact]
    public void SetInputs_SetsEveryValue()
    {
        var descriptor = _registry.Register<TestWaitForSignal>();
        var activity = (TestWaitForSignal)descriptor.Create();

        descriptor.SetInputs(activity, new Dictionary<string, JsonNode?> { ["signal"] = "paid", ["correlation"] = "ORD-1", ["timeout"] = "1d" });

        Assert.Equal("paid", activity.Signal);
        Assert.Equal("ORD-1", activity.Correlation);
        Assert.Equal(TimeSpan.FromDays(1), activity.Timeout);
    }
}
