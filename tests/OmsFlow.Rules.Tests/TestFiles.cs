using System.Text.Json.Nodes;
using OmsFlow.Rules.Execution;

namespace OmsFlow.Rules.Tests;

internal static class TestFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static RuleSet Load(string name, ReSettings? settings = null) =>
        RuleSet.Load(File.ReadAllText(PathOf(name)), name, settings);

    public static RuleParameter Json(string name, string json) => new(name, JsonNode.Parse(json));
}
