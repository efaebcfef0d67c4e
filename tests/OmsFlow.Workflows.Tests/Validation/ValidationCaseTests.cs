using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Tests.Activities;
using OmsFlow.Workflows.Tests.Definitions;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Tests.Validation;

/// <summary>
/// Golden files: each Cases/NAME.yaml (or .json) is read and validated, and the problems, one
/// <see cref="DefinitionProblem.ToString"/> per line, must equal Cases/NAME.errors.txt.
/// </summary>
public class ValidationCaseTests
{
    private static readonly string Cases = TestFiles.Folder("Cases");

    public static TheoryData<string> CaseFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Cases).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    public static WorkflowValidator CreateValidator()
    {
        var registry = new ActivityRegistry();
        registry.RegisterAssembly(typeof(TestIf).Assembly);
        return new WorkflowValidator(registry, new NameCheckingEvaluator());
    }

    [Theory]
    [MemberData(nameof(CaseFiles))]
    public void Case_ReportsExactlyTheExpectedProblems(string caseFile)
    {
        var result = CreateValidator().ParseAndValidate(TestFiles.Read(Cases, caseFile), caseFile);

        var actual = string.Join("\n", result.Problems.Select(p => p.ToString()));
        var expectedFile = Path.Combine(Cases, Path.GetFileNameWithoutExtension(caseFile) + ".errors.txt");
        Assert.True(File.Exists(expectedFile), $"Missing {expectedFile}; the problems are:\n{actual}");
        Assert.Equal(TestFiles.Read(Cases, Path.GetFileName(expectedFile)).TrimEnd('\n'), actual);
    }

    [Fact]
    public void Cases_CoverTheProblemsTheDslReports()
    {
        var codes = Directory.EnumerateFiles(Cases, "*.errors.txt").SelectMany(File.ReadAllLines).ToList();

        foreach (var code in new[]
        {
            "yaml-syntax", "duplicate-key", "unknown-activity", "missing-input", "unknown-input", "wrong-type", "unknown-outcome",
            "unknown-step", "unreachable-step", "endless-loop", "duplicate-hook", "bad-cron", "bad-duration", "expression", "bad-id",
        })
        {
            Assert.Contains(codes, line => line.Contains($" {code}: ", StringComparison.Ordinal));
        }
    }
}
