using System.Text.Json.Nodes;
using OmsFlow.Rules.Tables;

namespace OmsFlow.Rules.Tests.Tables;

public sealed class DecisionTableTests
{
    private static DecisionTable Shipping() =>
        DecisionTable.Parse(File.ReadAllText(TestFiles.PathOf("shipping-discount.yaml")), "shipping-discount.yaml");

    private static JsonObject Order(double total, string segment, string country) => new()
    {
        ["order"] = new JsonObject
        {
            ["total"] = total,
            ["country"] = country,
            ["customer"] = new JsonObject { ["segment"] = segment },
        },
    };

    private static DecisionTable Table(string hitPolicy, string rows, string outputs = "  - name: discount") =>
        DecisionTable.Parse(
            $"""
            name: t
            hitPolicy: {hitPolicy}
            inputs:
              - name: total
                expression: order.total
            outputs:
            {outputs}
            rules:
            {rows}
            """,
            "t.yaml");

    [Theory]
    [InlineData(50, "VIP", "DE", 0, "small order", 1)]
    [InlineData(250, "Gold", "DE", 10, "loyal mid-size", 2)]
    [InlineData(250, "Std", "FR", 5, "mid-size", 3)]
    [InlineData(800, "Std", "FR", 15, "large export", 4)]
    [InlineData(1000, "Std", "DE", 40, "large domestic", 5)]
    public void Unique_EachOrder_MatchesExactlyOneRow(double total, string segment, string country, double discount, string reason, int row)
    {
        var result = Shipping().Evaluate(Order(total, segment, country));

        Assert.Equal([row], result.MatchedRows);
        Assert.Equal(discount, double.Parse(result.Output!["discount"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(reason, result.Output!["reason"]!.GetValue<string>());
    }

    [Fact]
    public void Unique_ShippingTable_HasNoOverlapsOrGaps()
    {
        Assert.Empty(Shipping().Validate());
    }

    [Fact]
    public void Unique_OverlappingRows_AreReportedByValidationAndFailEvaluation()
    {
        var table = Table("UNIQUE", "  - ['> 10', 1]\n  - ['[5..20]', 2]\n  - ['< 5', 3]");

        var problem = Assert.Single(table.Validate());
        Assert.Equal("t.yaml:10:5: row 2 overlaps row 1 (line 9); UNIQUE needs rows that cannot match together", problem.ToString());
        var error = Assert.Throws<DecisionTableException>(() => table.Evaluate(JsonNode.Parse("""{"order": {"total": 15}}""")!.AsObject()));
        Assert.Contains("rows 1, 2 all match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UncoveredRange_IsAGapWarning()
    {
        var table = Table("FIRST", "  - ['< 10', 1]\n  - ['[20..50)', 2]\n  - ['>= 50', 3]");

        var gap = Assert.Single(table.Validate());
        Assert.True(gap.IsWarning);
        Assert.Equal("no row matches total in [10..20)", gap.Message);
    }

    [Fact]
    public void First_ReturnsTheFirstMatchingRow()
    {
        var table = Table("FIRST", "  - ['> 10', 1]\n  - ['> 5', 2]");

        var result = table.Evaluate(JsonNode.Parse("""{"order": {"total": 15}}""")!.AsObject());

        Assert.Equal([1], result.MatchedRows);
        Assert.Equal(1, result.Output!["discount"]!.GetValue<long>());
    }

    [Fact]
    public void NoMatch_GivesNullOutput()
    {
        var result = Table("FIRST", "  - ['> 10', 1]").Evaluate(JsonNode.Parse("""{"order": {"total": 1}}""")!.AsObject());

        Assert.False(result.Matched);
        Assert.Null(result.Output);
    }

    [Fact]
    public void Priority_PicksTheHighestRankedOutput()
    {
        var table = Table(
            "PRIORITY",
            "  - ['> 0', 'low']\n  - ['> 10', 'high']\n  - ['> 5', 'medium']",
            "  - name: discount\n    priorities: [high, medium, low]");

        var result = table.Evaluate(JsonNode.Parse("""{"order": {"total": 20}}""")!.AsObject());

        Assert.Equal([1, 2, 3], result.MatchedRows);
        Assert.Equal("high", result.Output!["discount"]!.GetValue<string>());
    }

    [Fact]
    public void Any_SameOutputsAreAllowed_DifferentOutputsFail()
    {
        var same = Table("ANY", "  - ['> 0', 1]\n  - ['> 10', 1]");
        var different = Table("ANY", "  - ['> 0', 1]\n  - ['> 10', 2]");
        var input = JsonNode.Parse("""{"order": {"total": 20}}""")!.AsObject();

        Assert.Equal(1, same.Evaluate(input).Output!["discount"]!.GetValue<long>());
        Assert.DoesNotContain(same.Validate(), p => !p.IsWarning);
        Assert.Throws<DecisionTableException>(() => different.Evaluate(input));
        Assert.Single(different.Validate(), p => !p.IsWarning);
    }

    [Fact]
    public void RuleOrder_ListsEveryMatchInTableOrder()
    {
        var result = Table("RULE ORDER", "  - ['> 0', 1]\n  - ['> 100', 2]\n  - ['> 5', 3]").Evaluate(JsonNode.Parse("""{"order": {"total": 20}}""")!.AsObject());

        Assert.Equal("""[{"discount":1},{"discount":3}]""", result.Output!.ToJsonString());
    }

    [Theory]
    [InlineData("COLLECT", """[{"discount":1},{"discount":3},{"discount":7}]""")]
    [InlineData("COLLECT SUM", "11")]
    [InlineData("COLLECT MIN", "1")]
    [InlineData("COLLECT MAX", "7")]
    [InlineData("COLLECT COUNT", "3")]
    public void Collect_AggregatesMatches(string policy, string expected)
    {
        var table = Table(policy, "  - ['> 0', 1]\n  - ['> 100', 2]\n  - ['> 5', 3]\n  - ['-', 7]");

        var result = table.Evaluate(JsonNode.Parse("""{"order": {"total": 20}}""")!.AsObject());

        Assert.Equal(expected, result.Output!.ToJsonString());
    }

    [Fact]
    public void Entry_FreeCondition_CanUseAnyInputColumn()
    {
        var table = Table("FIRST", "  - ['total % 2 == 0', 'even']\n  - ['-', 'odd']");

        Assert.Equal("even", table.Evaluate(JsonNode.Parse("""{"order": {"total": 4}}""")!.AsObject()).Output!["discount"]!.GetValue<string>());
        Assert.Equal("odd", table.Evaluate(JsonNode.Parse("""{"order": {"total": 5}}""")!.AsObject()).Output!["discount"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_InvalidEntry_NamesFileLineColumnAndTheGrammar()
    {
        var error = Assert.Throws<DecisionTableException>(() => Table("FIRST", "  - ['> > 3', 1]"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(new TablePosition("t.yaml", 9, 6), problem.Position);
        Assert.Contains("row 1, input 'total': entry '> > 3' is not valid", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownHitPolicyAndWrongCellCount_AreAllReported()
    {
        var error = Assert.Throws<DecisionTableException>(() => Table("SOMETIMES", "  - ['> 3']"));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("unknown hit policy 'SOMETIMES'", error.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("row 1 has 1 cells but the table has 1 inputs and 1 outputs", error.Problems[1].Message, StringComparison.Ordinal);
    }
}
