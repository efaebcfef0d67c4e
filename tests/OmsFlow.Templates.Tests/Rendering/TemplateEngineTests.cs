using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Templates.Rendering;

namespace OmsFlow.Templates.Tests.Rendering;

public class TemplateEngineTests
{
    private readonly TemplateEngine engine = new();

    private string Render(string content, object? model, OutputMode mode = OutputMode.Html, RenderSettings? settings = null) =>
        engine.Render(new TemplateSource("test", 1, mode, content), model, settings);

    [Fact]
    public void Render_HtmlMode_EscapesDoubleStashAndKeepsTripleStashRaw()
    {
        var output = Render("{{name}}|{{{name}}}", new { name = "<b>Tom & Jerry</b>" });

        Assert.Equal("&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;|<b>Tom & Jerry</b>", output);
    }

    [Fact]
    public void Render_TextMode_DoesNotEscape()
    {
        Assert.Equal("Tom & Jerry <3", Render("{{name}}", new { name = "Tom & Jerry <3" }, OutputMode.Text));
    }

    [Fact]
    public void Render_ZplMode_EscapesCaretAndTildeInFieldData()
    {
        Assert.Equal("^FDA_5EB_7EC_5FD^FS", Render("^FD{{name}}^FS", new { name = "A^B~C_D" }, OutputMode.Zpl));
    }

    [Theory]
    [InlineData("element")]
    [InlineData("node")]
    [InlineData("document")]
    public void Render_JsonModels_ReadMembersArraysAndTruthinessLikeTypedModels(string shape)
    {
        const string json = """{"customer":{"name":"Ann"},"lines":[{"sku":"A","qty":2},{"sku":"B","qty":0}],"gift":false,"notes":""}""";
        object model = shape switch
        {
            "element" => JsonDocument.Parse(json).RootElement,
            "node" => JsonNode.Parse(json)!,
            _ => JsonDocument.Parse(json),
        };

        var output = Render("{{customer.name}}:{{#each lines}}{{sku}}{{#if qty}}x{{qty}}{{else}}-none{{/if}};{{/each}}{{#if gift}}G{{/if}}{{#unless notes}}N{{/unless}}", model);

        Assert.Equal("Ann:Ax2;B-none;N", output);
    }

    [Fact]
    public void Compile_SameIdVersionAndContent_ReturnsCachedDelegate()
    {
        var first = engine.Compile(new TemplateSource("a", 1, OutputMode.Html, "{{x}}"));
        var second = engine.Compile(new TemplateSource("a", 1, OutputMode.Html, "{{x}}"));
        var edited = engine.Compile(new TemplateSource("a", 1, OutputMode.Html, "{{x}}!"));

        Assert.Same(first, second);
        Assert.NotSame(first, edited);
        Assert.Equal(2, engine.CachedTemplateCount);
    }

    [Fact]
    public void Render_LayoutPartialWithPartialBlock_WrapsBody()
    {
        engine.RegisterPartial("layout", "<main>{{title}}:{{> @partial-block}}</main>", OutputMode.Html);
        engine.RegisterPartial("greeting", "Hi {{name}}", OutputMode.Html);

        var output = Render("{{#> layout title=\"T\"}}{{> greeting}}!{{/layout}}", new { name = "Ann" });

        Assert.Equal("<main>T:Hi Ann!</main>", output);
    }

    [Fact]
    public void Compile_UnclosedExpression_ReportsTemplateAndLineColumn()
    {
        var error = Assert.Throws<TemplateRenderException>(() => engine.Compile(new TemplateSource("broken", 3, OutputMode.Html, "ok\n  {{name")));

        Assert.StartsWith("Template 'broken' v3 at 2:3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HelperWithBadArgument_NamesTemplateAndHelper()
    {
        var error = Assert.Throws<TemplateRenderException>(() => Render("{{money total \"EUR\"}}", new { total = "lots" }));

        Assert.Contains("'money' expects a number", error.Message, StringComparison.Ordinal);
        Assert.Contains("'test'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EachWithBlockParametersAndArrayLength_OnJson()
    {
        var model = JsonDocument.Parse("""{"lines":[{"sku":"A"},{"sku":"B"}]}""").RootElement;

        Assert.Equal("0:A,1:B,|2", Render("{{#each lines as |line i|}}{{i}}:{{line.sku}},{{/each}}|{{lines.length}}", model));
    }
}
