using System.Text.RegularExpressions;
using OmsFlow.Designer.Tests.Infrastructure;

namespace OmsFlow.Designer.Tests.Vitest;

/// <summary>Runs the designer's component tests (Vitest) so that <c>dotnet test</c> covers them.</summary>
public sealed partial class VitestSuiteTests
{
    [Fact]
    public async Task VitestSuite_AllComponentTestsPass()
    {
        await DesignerFolder.EnsurePackagesAsync();

        var (exitCode, output) = await DesignerFolder.RunAsync("npm", "test --silent", TimeSpan.FromMinutes(10));

        Assert.True(exitCode == 0, $"The designer's Vitest suite failed (npm test in designer/):\n{output}");
        var summary = TestSummary().Match(output);
        Assert.True(summary.Success, $"Vitest printed no test summary:\n{output}");
        Assert.True(int.Parse(summary.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, output);
        Assert.DoesNotContain(" failed", summary.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypeScript_CompilesWithoutErrors()
    {
        await DesignerFolder.EnsurePackagesAsync();

        var (exitCode, output) = await DesignerFolder.RunAsync("npm", "run typecheck --silent", TimeSpan.FromMinutes(5));

        Assert.True(exitCode == 0, $"TypeScript reported errors in designer/:\n{output}");
    }

    [GeneratedRegex(@"Tests\s+(?:(?<failed>\d+) failed \| )?(?<passed>\d+) passed[^\n]*")]
    private static partial Regex TestSummary();
}
