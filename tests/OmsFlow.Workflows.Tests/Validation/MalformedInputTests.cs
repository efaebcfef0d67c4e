using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Tests.Definitions;

namespace OmsFlow.Workflows.Tests.Validation;

/// <summary>Whatever text a user saves, reading and validating it reports problems instead of throwing.</summary>
public class MalformedInputTests
{
    private static readonly string Golden = TestFiles.Read(TestFiles.Folder("../Definitions/Golden"), "order-approval.yaml");

    public static TheoryData<int> Cuts()
    {
        var data = new TheoryData<int>();
        for (var cut = 0; cut < Golden.Length; cut += 11)
        {
            data.Add(cut);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cuts))]
    public void TruncatedOrCorruptedText_IsReportedNotThrown(int cut)
    {
        var validator = ValidationCaseTests.CreateValidator();
        var corruptions = new[]
        {
            Golden[..cut],
            Golden[..cut] + "{" + Golden[cut..],
            Golden[..cut] + "\"" + Golden[cut..],
            Golden[..cut] + "\n  - x\n" + Golden[cut..],
            Golden[..cut] + "\t" + Golden[cut..],
            Golden[..cut] + "*alias " + Golden[cut..],
        };

        foreach (var text in corruptions)
        {
            var result = validator.ParseAndValidate(text, "corrupt.yaml");

            Assert.True(result.Succeeded || result.Problems.Count > 0);
            Assert.All(result.Problems, p => Assert.Equal("corrupt.yaml", p.File));
        }
    }

    [Fact]
    public void CorruptedJson_IsReportedNotThrown()
    {
        var json = WorkflowJson.Write(WorkflowYaml.Parse(Golden).GetDefinitionOrThrow());
        var validator = ValidationCaseTests.CreateValidator();

        for (var cut = 0; cut < json.Length; cut += 13)
        {
            // A control character is invalid anywhere in JSON, even inside a string.
            var result = validator.ParseAndValidate(json[..cut] + "\u0001" + json[cut..], "corrupt.json");

            Assert.False(result.Succeeded);
            Assert.NotNull(result.Problems[0].Position);
        }
    }

    [Theory]
    [InlineData("id: deep\nsteps: {}\nx: ", "yaml")]
    [InlineData("{\"id\": \"deep\", \"x\": ", "json")]
    public void DeeplyNestedValues_AreReportedNotOverflowingTheStack(string prefix, string kind)
    {
        var text = prefix + new string('[', 100_000) + new string(']', 100_000) + (kind == "json" ? "}" : "\n");

        var result = WorkflowYaml.Parse(text, "deep." + kind);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(kind == "json" ? "json-syntax" : "yaml-too-large", problem.Code);
        Assert.Null(result.Definition);
    }
}
