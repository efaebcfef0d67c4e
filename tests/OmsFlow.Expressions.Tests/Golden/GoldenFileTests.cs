using System.Text.Json.Nodes;
using OmsFlow.Expressions.Runtime;

namespace OmsFlow.Expressions.Tests.Golden;

public sealed class GoldenFileTests
{
    private static readonly ExpressionEngine Engine = new();

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden"), "*.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void GoldenFile_EveryCase_GivesItsExpectedResult(string file)
    {
        var cases = GoldenCase.Read(Path.Combine(AppContext.BaseDirectory, "Golden", file)).ToList();
        Assert.NotEmpty(cases);
        var failures = cases.Select(Check).Where(f => f is not null).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string? Check(GoldenCase testCase)
    {
        var names = testCase.Inputs.Select(p => p.Key).ToList();
        var parameters = names.Select(ExpressionParameter.Json).ToList();
        var arguments = names.Select(n => (object?)testCase.Inputs[n]).ToArray();
        string actual;
        try
        {
            var value = Engine.Compile(testCase.Expression, parameters).Evaluate(arguments);
            actual = DynamicOps.ToJson(value)?.ToJsonString() ?? "null";
        }
        catch (ExpressionException exception)
        {
            actual = "error: " + exception.Message;
        }

        var matches = testCase.Expected.StartsWith("error: ", StringComparison.Ordinal)
            ? actual.StartsWith("error: ", StringComparison.Ordinal) && actual.Contains(testCase.Expected["error: ".Length..], StringComparison.Ordinal)
            : JsonNode.DeepEquals(JsonNode.Parse(testCase.Expected), JsonNode.Parse(actual.StartsWith("error: ", StringComparison.Ordinal) ? "\"" + actual.Replace("\"", "'", StringComparison.Ordinal) + "\"" : actual));
        return matches ? null : $"{testCase.File}:{testCase.Line}: {testCase.Expression}\n  expected {testCase.Expected}\n  actual   {actual}";
    }
}
