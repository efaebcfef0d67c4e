using System.CommandLine;
using System.Text.Json.Nodes;
using OmsFlow.Cli.Tables;

namespace OmsFlow.Cli.Tests.Tables;

public sealed class TablesCommandTests : IDisposable
{
    private const string Carrier = """
        name: carrier-selection
        hitPolicy: FIRST
        inputs:
          - name: country
            expression: shipment.country
          - name: weight
            expression: shipment.weightKg
        outputs:
          - name: carrier
          - name: service
        rules:
          - ['"NL","BE"', '< 20', 'PostNL', 'standard']
          - ['"DE","AT"', '< 31.5', 'DHL', 'paket']
          - ['-', '-', 'UPS', 'standard']
        """;

    // Rows 1 and 2 both match a total of 40: a UNIQUE table must not allow that.
    private const string Overlapping = """
        name: overlapping
        hitPolicy: UNIQUE
        inputs:
          - name: total
            expression: order.total
        outputs:
          - name: discount
        rules:
          - ['< 100', 5]
          - ['< 50', 10]
        """;

    // Totals from 100 up to 200 match no row: a gap, reported as a warning.
    private const string Gapped = """
        name: gapped
        hitPolicy: UNIQUE
        inputs:
          - name: total
            expression: order.total
        outputs:
          - name: discount
        rules:
          - ['< 100', 0]
          - ['>= 200', 10]
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("omsflow-tables-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { TablesCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = root.Parse(["tables", .. args], CliParsing.Configuration).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void Validate_ValidTable_ExitsZeroWithASummary()
    {
        var file = Write("carrier.yaml", Carrier);

        var (exitCode, output, error) = Invoke("validate", file);

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Equal($"{file}: table 'carrier-selection', FIRST, 2 inputs, 3 rows: valid", output.Trim());
    }

    [Fact]
    public void Validate_OverlappingUniqueRows_ExitsTwoNamingTheLineOfTheSecondRow()
    {
        var file = Write("overlapping.yaml", Overlapping);

        var (exitCode, output, error) = Invoke("validate", file);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{file}:10:5: row 2 overlaps row 1 (line 9); UNIQUE needs rows that cannot match together", lines[0].TrimEnd());

        // Totals of 100 and more match no row at all; that is reported too, as a warning.
        Assert.Equal($"{file}:4:5: warning: no row matches total in [100..inf)", lines[1].TrimEnd());
    }

    [Fact]
    public void Validate_GapIsAWarningAndStillValid()
    {
        var file = Write("gapped.yaml", Gapped);

        var (exitCode, output, error) = Invoke("validate", file);

        Assert.Equal(0, exitCode);
        Assert.Contains("valid (1 warning)", output, StringComparison.Ordinal);
        Assert.Contains("warning:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Json_ReportsEveryFileWithProblemsAndSeverity()
    {
        var good = Write("carrier.yaml", Carrier);
        var bad = Write("overlapping.yaml", Overlapping);

        var (exitCode, output, _) = Invoke("validate", good, bad, "--json");

        Assert.Equal(2, exitCode);
        var document = JsonNode.Parse(output)!;
        Assert.False(document["valid"]!.GetValue<bool>());
        var files = document["files"]!.AsArray();
        Assert.True(files[0]!["valid"]!.GetValue<bool>());
        Assert.Empty(files[0]!["problems"]!.AsArray());
        var problem = Assert.Single(files[1]!["problems"]!.AsArray(), p => p!["severity"]!.GetValue<string>() == "error")!;
        Assert.Equal(10, problem["line"]!.GetValue<int>());
    }

    [Fact]
    public void Validate_BrokenEntry_ExitsTwoWithLineAndColumn()
    {
        var file = Write("broken.yaml", Carrier.Replace("'< 31.5'", "'[10..'", StringComparison.Ordinal));

        var (exitCode, _, error) = Invoke("validate", file);

        Assert.Equal(2, exitCode);
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(file)}:13:\d+: ", error);
    }

    [Fact]
    public void Run_PrintsTheMatchedRowAndOutputsAsText()
    {
        var file = Write("carrier.yaml", Carrier);

        var (exitCode, output, error) = Invoke("run", file, "--input", """{"shipment": {"country": "DE", "weightKg": 12}}""");

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Equal(["carrier-selection (FIRST): matched row 2", "  carrier = DHL", "  service = paket"], output.TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public void Run_Json_ReadsTheInputFromAFile()
    {
        var file = Write("carrier.yaml", Carrier);
        var input = Write("input.json", """{"shipment": {"country": "FR", "weightKg": 40}}""");

        var (exitCode, output, _) = Invoke("run", file, "--input", "@" + input, "--json");

        Assert.Equal(0, exitCode);
        var document = JsonNode.Parse(output)!;
        Assert.Equal("FIRST", document["hitPolicy"]!.GetValue<string>());
        Assert.Equal(3, Assert.Single(document["matchedRows"]!.AsArray())!.GetValue<int>());
        Assert.Equal("UPS", document["output"]!["carrier"]!.GetValue<string>());
    }

    [Fact]
    public void Run_NoRowMatches_StillExitsZero()
    {
        var file = Write("gapped.yaml", Gapped);

        var (exitCode, output, _) = Invoke("run", file, "--input", """{"order": {"total": 150}}""", "--json");

        Assert.Equal(0, exitCode);
        var document = JsonNode.Parse(output)!;
        Assert.False(document["matched"]!.GetValue<bool>());
        Assert.Null(document["output"]);
    }

    [Fact]
    public void Run_UniqueTableWithTwoMatches_ExitsThree()
    {
        var file = Write("overlapping-run.yaml", Overlapping.Replace("'< 50'", "'not(1000)'", StringComparison.Ordinal));

        var (exitCode, output, error) = Invoke("run", file, "--input", """{"order": {"total": 40}}""");

        Assert.Equal(3, exitCode);
        Assert.Empty(output);
        Assert.Contains("rows 1, 2 all match", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "{table}")]
    [InlineData("run", "{table}", "--input", "{not json")]
    [InlineData("run", "{table}", "--input", "[1, 2]")]
    [InlineData("run", "{table}", "--input", "@missing.json")]
    [InlineData("run", "missing.yaml", "--input", "{}")]
    [InlineData("validate")]
    [InlineData("validate", "missing.yaml")]
    public void InvalidArguments_ExitTwo(params string[] args)
    {
        var file = Write("carrier.yaml", Carrier);

        var (exitCode, _, error) = Invoke([.. args.Select(a => a.Replace("{table}", file, StringComparison.Ordinal))]);

        Assert.Equal(2, exitCode);
        Assert.NotEmpty(error);
    }
}
