using System.Text.Json;
using OmsFlow.Rules.Execution;

namespace OmsFlow.Rules.Tests.Execution;

/// <summary>Microsoft RulesEngine's own test rule files (TestData/rules*.json), with the results RulesEngine gives.</summary>
public sealed class RulesEngineTestDataTests
{
    public sealed class Customer
    {
        public string country { get; set; } = string.Empty;

        public int loyaltyFactor { get; set; }

        public int totalPurchasesToDate { get; set; }
    }

    public sealed class Orders
    {
        public int totalOrders { get; set; }

        public int noOfVisitsPerMonth { get; set; }
    }

    public sealed class BoolInput
    {
        public string Property1 { get; set; } = "hello";

        public bool Boolean { get; set; }

        public object Data { get; set; } = new();

        public Func<bool> Method { get; set; } = () => true;
    }

    public sealed class Utils
    {
#pragma warning disable CA1822 // An instance method on purpose: rules5.json calls it through an input object.
        public bool CheckExists(string? value) => !string.IsNullOrEmpty(value);
#pragma warning restore CA1822
    }

    public sealed class Reading
    {
        public double Value { get; set; }

        public DateTime ChangeDateTime { get; set; }
    }

    public sealed class JsonHolder
    {
        public JsonElement Data { get; set; }
    }

    public static TheoryData<string> AllFiles() =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Load_EveryRulesEngineFile_Succeeds(string file)
    {
        var rules = TestFiles.Load(file);

        Assert.NotEmpty(rules.Workflows);
    }

    [Fact]
    public void Rules1_TypedCustomerFromCanada_Succeeds()
    {
        var rules = TestFiles.Load("rules1.json");

        var result = Assert.Single(rules.Execute("inputWorkflow", new RuleParameter("input1", new Customer { country = "canada", loyaltyFactor = 2 })));

        Assert.True(result.IsSuccess);
        Assert.Equal(string.Empty, result.ExceptionMessage);
    }

    [Fact]
    public void Rules2_NestedOr_SucceedsWhenOneChildSucceeds()
    {
        var rules = TestFiles.Load("rules2.json");

        var result = Assert.Single(rules.Execute(
            "inputWorkflow",
            TestFiles.Json("input1", """{"country": "india", "loyaltyFactor": 2, "totalPurchasesToDate": 5000}"""),
            TestFiles.Json("input2", """{"totalOrders": 3}"""),
            TestFiles.Json("input3", """{"noOfVisitsPerMonth": 3}""")));

        Assert.True(result.IsSuccess);
        Assert.Equal([true, false, false], result.ChildResults!.Select(c => c.IsSuccess));
    }

    [Fact]
    public void Rules3_MisspelledMemberOnJsonInput_IsNullSoTheRuleFailsWithItsErrorMessage()
    {
        var rules = TestFiles.Load("rules3.json");

        var result = Assert.Single(rules.Execute(
            "inputWorkflow",
            TestFiles.Json("input1", """{"country": "india", "loyaltyFactor": 2, "totalPurchasesToDate": 5000}"""),
            TestFiles.Json("input2", """{"totalOrders": 3, "noOfVisitsPerMonth": 3}""")));

        Assert.False(result.IsSuccess);
        Assert.Equal("One or more adjust rules failed.", result.ExceptionMessage);
        Assert.Equal(RuleOutcome.BusinessFailure, result.Outcome);
    }

    [Fact]
    public void Rules3_MisspelledMemberOnTypedInput_IsAParseErrorWithAHint()
    {
        var rules = TestFiles.Load("rules3.json");

        var result = Assert.Single(rules.Execute(
            "inputWorkflow",
            new RuleParameter("input1", new Customer { country = "india" }),
            new RuleParameter("input2", new Orders())));

        Assert.False(result.IsSuccess);
        Assert.StartsWith("Exception while parsing expression `input1.couy == \"india\"", result.ExceptionMessage, StringComparison.Ordinal);
        Assert.Contains("unknown member 'couy' on input1; did you mean 'country'?", result.ExceptionMessage, StringComparison.Ordinal);
        Assert.Equal(RuleOutcome.SystemError, result.Outcome);
    }

    [Fact]
    public void Rules4_LocalParamsAndFormattedErrorMessages_MatchRulesEngine()
    {
        var rules = TestFiles.Load("rules4.json");

        var results = rules.Execute(
            "inputWorkflow",
            TestFiles.Json("input1", """[{"country": "India", "loyaltyFactor": 3, "totalPurchasesToDate": 10000}]"""),
            TestFiles.Json("input3", """{"noOfVisitsPerMonth": 3}"""),
            TestFiles.Json("input4", """{"country": "india", "loyaltyFactor": 2, "totalPurchasesToDate": 20}"""),
            TestFiles.Json("input5", """{"totalOrders": 1}"""));

        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.False(r.IsSuccess));
        Assert.Equal(
            "One or more adjust rules failed, with loyaltyFactor : 3, country : India, totalPurchasesToDate : 10000, model2 : false",
            results[0].ExceptionMessage);
        Assert.Equal(
            "One or more adjust rules failed, country : india, loyaltyFactor : 2, totalPurchasesToDate : 20, totalOrders : 1, noOfVisitsPerMonth : $(input30.noOfVisitsPerMonth), false",
            results[2].ExceptionMessage);
        Assert.Equal(string.Empty, results[1].ExceptionMessage);
        Assert.True(results[0].Inputs.ContainsKey("model1"));
    }

    [Fact]
    public void Rules5_CustomTypeInput_MethodsAreCallable()
    {
        var rules = TestFiles.Load("rules5.json", new ReSettings { CustomTypes = [typeof(Utils)] });

        var results = rules.Execute("inputWorkflow", TestFiles.Json("input1", """{"Property1": "x"}"""), new RuleParameter("utils", new Utils()));

        Assert.True(results[0].IsSuccess);
        Assert.True(results[1].IsSuccess);
    }

    [Fact]
    public void Rules6_DelegateInvocation_IsRejectedButOtherRulesRun()
    {
        var rules = TestFiles.Load("rules6.json");

        var results = rules.Execute("inputWorkflow", new RuleParameter("input1", new BoolInput { Boolean = false }));

        Assert.True(results[0].IsSuccess);
        Assert.True(results[1].IsSuccess);
        Assert.StartsWith("Exception while parsing expression `input1.Method.Invoke()`", results[2].ExceptionMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rules7.json", false, true, true)]
    [InlineData("rules7.json", true, false, false)]
    [InlineData("rules8.json", true, true, true)]
    [InlineData("rules8.json", false, false, false)]
    public void Rules7And8_BooleanMembers_EvaluateLikeCSharp(string file, bool input, bool first, bool second)
    {
        var rules = TestFiles.Load(file);

        var results = rules.Execute("inputWorkflow", new RuleParameter("input1", new BoolInput { Boolean = input }));

        Assert.Equal([first, second], results.Select(r => r.IsSuccess));
    }

    [Fact]
    public void Rules9_MissingMethodOnAnObjectTypedMember_FailsWhenRun()
    {
        // Members declared as object are bound at run time (they may hold JSON), so the missing method is found
        // while executing rather than while parsing as in RulesEngine; the rule still fails with a clear message.
        var rules = TestFiles.Load("rules9.json");

        var results = rules.Execute("inputWorkflow", new RuleParameter("input1", new BoolInput { Boolean = true }));

        Assert.True(results[0].IsSuccess);
        Assert.StartsWith("Error while executing rule : GiveDiscount20 - ", results[1].ExceptionMessage, StringComparison.Ordinal);
        Assert.Contains("has no method 'NotExistingMethod'", results[1].ExceptionMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules10_JsonElementMember_CanBeRead()
    {
        var rules = TestFiles.Load("rules10.json");
        var holder = new JsonHolder { Data = JsonDocument.Parse("""{"category": "abc"}""").RootElement };

        var result = Assert.Single(rules.Execute("inputWorkflow", new RuleParameter("input1", holder)));

        Assert.True(result.IsSuccess, result.ExceptionMessage);
    }

    [Fact]
    public void Rules11_GlobalAndLocalParamsOverTypedList_Evaluate()
    {
        var rules = TestFiles.Load("rules11.json");
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var readings = Enumerable.Range(0, 40).Select(i => new Reading { Value = i < 20 ? 0.5 : 0.1, ChangeDateTime = start.AddMinutes(i) }).ToList();

        var results = rules.Execute("MyWorkflow", new RuleParameter("input1", readings));

        Assert.True(results[0].IsSuccess, results[0].ExceptionMessage);
        Assert.False(results[1].IsSuccess, results[1].ExceptionMessage);
        Assert.Equal(0.25, results[0].Inputs["threshold"]);
        Assert.Equal(15, results[0].Inputs["ruleCount"]);
    }

    [Fact]
    public void Discount_DemoWorkflowOverJson_GivesRulesEngineResults()
    {
        var rules = TestFiles.Load("Discount.json");

        var results = rules.Execute(
            "Discount",
            TestFiles.Json("input1", """{"name": "hello", "email": "abcy@xyz.com", "creditHistory": "good", "country": "canada", "loyaltyFactor": 3, "totalPurchasesToDate": 10000}"""),
            TestFiles.Json("input2", """{"totalOrders": 5, "recurringItems": 2}"""),
            TestFiles.Json("input3", """{"noOfVisitsPerMonth": 10, "percentageOfBuyingFromRecommendation": 0.001}"""));

        Assert.Equal("GiveDiscount25", Assert.Single(results, r => r.IsSuccess).Rule.RuleName);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal("One or more adjust rules failed.", r.ExceptionMessage));
    }

    [Fact]
    public void NestedInputDemo_ListIndexAndMethods_Evaluate()
    {
        var rules = TestFiles.Load("NestedInputDemo.json");
        var input = TestFiles.Json("input1", """{"NestedProp": {"SimpleProp": "nestedSimpleProp", "ListProp": [{"Id": 1, "Value": "first"}, {"Id": 2, "Value": "second"}]}}""");

        Assert.True(Assert.Single(rules.Execute("NestedInputDemoWorkflow1", input)).IsSuccess);
        Assert.True(Assert.Single(rules.Execute("NestedInputDemoWorkflow2", input)).IsSuccess);
        Assert.True(Assert.Single(rules.Execute("NestedInputDemoWorkflow3", input)).IsSuccess);
    }
}
