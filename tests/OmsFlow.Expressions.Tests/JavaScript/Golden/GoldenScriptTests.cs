using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using OmsFlow.Expressions.JavaScript;
using OmsFlow.Expressions.JavaScript.Instrumentation;

namespace OmsFlow.Expressions.Tests.JavaScript.Golden;

/// <summary>
/// Golden files: each <c>name.js</c> is instrumented and compared with <c>name.out.js</c>; when <c>name.json</c> (input)
/// and <c>name.result.json</c> exist, the script is also run and its result compared.
/// </summary>
public class GoldenScriptTests
{
    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Folder(), "*.js").Where(file => !file.EndsWith(".out.js", StringComparison.Ordinal)).Order())
        {
            cases.Add(Path.GetFileNameWithoutExtension(file));
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Instrument_MatchesTheGoldenFile(string name)
    {
        string source = File.ReadAllText(Path.Combine(Folder(), name + ".js"));
        string expected = File.ReadAllText(Path.Combine(Folder(), name + ".out.js"));

        Assert.Equal(expected, GuardInjector.Instrument(source, ScriptHost.GuardName).Text);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_MatchesTheGoldenResult(string name)
    {
        string inputFile = Path.Combine(Folder(), name + ".json");
        string resultFile = Path.Combine(Folder(), name + ".result.json");
        Assert.True(File.Exists(inputFile) && File.Exists(resultFile), $"{name} needs {name}.json and {name}.result.json");

        ScriptResult result = new ScriptHost().Run(File.ReadAllText(Path.Combine(Folder(), name + ".js")), JsonNode.Parse(File.ReadAllText(inputFile))!.AsObject());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(resultFile)), result.Value), result.Value?.ToJsonString());
    }

    private static string Folder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
