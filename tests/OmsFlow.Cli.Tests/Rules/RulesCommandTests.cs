using System.CommandLine;
using System.Text.Json.Nodes;
using OmsFlow.Cli.Rules;

namespace OmsFlow.Cli.Tests.Rules;

public sealed class RulesCommandTests
{
    private static readonly string Discount = Path.Combine(AppContext.BaseDirectory, "Rules", "TestData", "discount.json");
    private static readonly string Invalid = Path.Combine(AppContext.BaseDirectory, "Rules", "TestData", "invalid.json");

    private static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { RulesCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = root.Parse(["rules", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void Validate_ValidFile_ExitsZero()
    {
        var (exitCode, _, error) = Invoke("validate", "--file", Discount);

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
    }

    [Fact]
    public void Validate_InvalidFile_ExitsTwoWithOneLinePerProblem()
    {
        var (exitCode, _, error) = Invoke("validate", "--file", Discount, "--file", Invalid);

        Assert.Equal(2, exitCode);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("invalid.json:5:7: workflow 'Bad' rule 'NoExpression': the rule needs an Expression or nested Rules", lines[0], StringComparison.Ordinal);

        // The second '>' of the expression: file line 6 at its own column, and column 16 inside the expression.
        var column = File.ReadAllLines(Invalid)[5].LastIndexOf('>') + 1;
        Assert.Contains(
            $"invalid.json:6:{column}: workflow 'Bad' rule 'SyntaxError': Expression `input1.total > > 3` at expression 1:16: expected a value but found '>'",
            lines[1],
            StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PrintsTheResultContract()
    {
        var (exitCode, output, error) = Invoke(
            "run", "--file", Discount, "--workflow", "Discount",
            "--input", """order={"total": 250, "country": "DE", "segment": "STD", "zero": 0}""");

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        var document = JsonNode.Parse(output)!;
        Assert.Equal("Discount", document["workflow"]!.GetValue<string>());
        var results = document["results"]!.AsArray();
        Assert.Equal(3, results.Count);

        var big = results[0]!;
        Assert.Equal("BigOrder", big["rule"]!.GetValue<string>());
        Assert.True(big["isSuccess"]!.GetValue<bool>());
        Assert.Equal(25.0, big["actionResult"]!["output"]!.GetValue<double>());
        Assert.Null(big["actionResult"]!["exception"]);
        Assert.Equal(100, big["inputs"]!["threshold"]!.GetValue<int>());
        Assert.Null(big["children"]);

        var vip = results[1]!;
        Assert.False(vip["isSuccess"]!.GetValue<bool>());
        Assert.Equal([true, false], vip["children"]!.AsArray().Select(c => c!["isSuccess"]!.GetValue<bool>()));

        var broken = results[2]!;
        Assert.False(broken["isSuccess"]!.GetValue<bool>());
        Assert.StartsWith("Error while executing rule : Broken - ", broken["exceptionMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InputFromFile_AndFormattedErrorMessage()
    {
        var inputPath = Path.Combine(Path.GetTempPath(), $"omsflow-order-{Guid.NewGuid():N}.json");
        File.WriteAllText(inputPath, """{"total": 50, "zero": 1}""");
        try
        {
            var (exitCode, output, _) = Invoke("run", "--file", Discount, "--workflow", "Discount", "--input", $"order=@{inputPath}");

            Assert.Equal(0, exitCode);
            var big = JsonNode.Parse(output)!["results"]![0]!;
            Assert.Equal("total 50 is not above 100", big["exceptionMessage"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(inputPath);
        }
    }

    [Fact]
    public void Run_ExceptionsNotAsMessages_ExitsThreeWithMessageOnStderr()
    {
        var (exitCode, output, error) = Invoke(
            "run", "--file", Discount, "--workflow", "Discount",
            "--input", """order={"total": 250, "zero": 0}""",
            "--setting", "EnableExceptionAsErrorMessage=false");

        Assert.Equal(3, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("Error while executing rule : Broken - ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Action_PrintsTheActionContract()
    {
        var (exitCode, output, _) = Invoke(
            "run", "--file", Discount, "--workflow", "Discount", "--action", "BigOrder",
            "--input", """order={"total": 300}""");

        Assert.Equal(0, exitCode);
        var document = JsonNode.Parse(output)!;
        Assert.Equal("BigOrder", document["rule"]!.GetValue<string>());
        Assert.Equal(30.0, document["output"]!.GetValue<double>());
        Assert.Null(document["exception"]);
        Assert.Single(document["results"]!.AsArray());
    }

    [Theory]
    [InlineData("run", "--file", "discount.json", "--workflow", "Nope")]
    [InlineData("run", "--file", "discount.json", "--workflow", "Discount", "--input", "order={not json")]
    [InlineData("run", "--file", "discount.json", "--workflow", "Discount", "--setting", "NoSuchSetting=true")]
    [InlineData("run", "--file", "missing.json", "--workflow", "Discount")]
    [InlineData("run", "--workflow", "Discount")]
    public void Run_InvalidArguments_ExitTwoWithAMessage(params string[] args)
    {
        var resolved = args.Select(a => a == "discount.json" ? Discount : a).ToArray();

        var (exitCode, output, error) = Invoke(resolved);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.NotEmpty(error);
    }
}
