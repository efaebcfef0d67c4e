using System.CommandLine;
using System.Text;
using OmsFlow.Cli.Render;
using OmsFlow.Workflows.Documents;

namespace OmsFlow.Cli.Tests.Render;

public sealed class RenderCommandTests : IDisposable
{
    private static readonly string Definitions = RepositoryFolders.Definitions;
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "omsflow-cli-tests", Guid.NewGuid().ToString("N"));

    public RenderCommandTests()
    {
        ProductLicensing.Apply();
        Directory.CreateDirectory(_temp);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { RenderCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = root.Parse(["render", .. args], CliParsing.Configuration).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void Render_EmailWithSample_PrintsHtml()
    {
        var (exitCode, output, error) = Invoke("order-confirmation", "--definitions", Definitions);

        Assert.True(exitCode == 0, error);
        Assert.Contains("<html", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SO-100234", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_GivenDataAsText_UsesTheData()
    {
        var data = File.ReadAllText(Path.Combine(Definitions, "templates", "order-confirmation", "sample.json")).Replace("SO-100234", "SO-777", StringComparison.Ordinal);
        var file = Path.Combine(_temp, "order.json");
        File.WriteAllText(file, data);

        var (exitCode, output, _) = Invoke("order-confirmation", "--definitions", Definitions, "--data", "@" + file, "--format", "text");

        Assert.Equal(0, exitCode);
        Assert.Contains("SO-777", output, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_InvoicePdf_WritesThePdfFile()
    {
        var target = Path.Combine(_temp, "invoice.pdf");

        var (exitCode, _, error) = Invoke("invoice", "--definitions", Definitions, "--format", "pdf", "--out", target);

        Assert.True(exitCode == 0, error);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(File.ReadAllBytes(target), 0, 4));
    }

    [Fact]
    public void Render_LabelZplAt300Dpi_FromASetFolderPath()
    {
        var (exitCode, output, error) = Invoke(Path.Combine(Definitions, "templates", "shipping-label"), "--dpi", "300");

        Assert.True(exitCode == 0, error);
        Assert.StartsWith("^XA", output.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PdfWithoutOut_ExitsTwo()
    {
        var (exitCode, _, error) = Invoke("invoice", "--definitions", Definitions);

        Assert.Equal(2, exitCode);
        Assert.Contains("--out FILE is required for pdf", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FormatTheKindCannotProduce_ExitsTwo()
    {
        var (exitCode, _, error) = Invoke("invoice", "--definitions", Definitions, "--format", "zpl");

        Assert.Equal(2, exitCode);
        Assert.Contains("renders pdf", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InvalidJsonData_ExitsTwoWithPosition()
    {
        var (exitCode, _, error) = Invoke("order-confirmation", "--definitions", Definitions, "--data", "{\"order\": }");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("--data: invalid JSON at 1:11", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TemplateWithMisspeltVariable_ExitsTwoNamingFileLineAndColumn()
    {
        var set = Path.Combine(_temp, "templates", "greeting");
        Directory.CreateDirectory(set);
        File.WriteAllText(Path.Combine(set, "template.yaml"), "kind: email\nname: Greeting\n");
        File.WriteAllText(Path.Combine(set, "subject.hbs"), "Hello");
        File.WriteAllText(Path.Combine(set, "body.html.hbs"), "<p>Hi\n{{custmer.name}}</p>");
        File.WriteAllText(Path.Combine(set, "sample.json"), """{"customer":{"name":"Anna"}}""");

        var (exitCode, _, error) = Invoke("greeting", "--definitions", _temp);

        Assert.Equal(2, exitCode);
        Assert.Contains(Path.Combine(_temp, "templates", "greeting", "body.html.hbs") + ":2:3: unknown-variable", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownTemplate_ListsTheKnownOnes()
    {
        var (exitCode, _, error) = Invoke("nope", "--definitions", Definitions);

        Assert.Equal(2, exitCode);
        Assert.Contains("order-confirmation", error, StringComparison.Ordinal);
    }
}
