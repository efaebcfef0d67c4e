using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Tests.Support;

namespace OmsFlow.Templates.Tests.Rendering;

/// <summary>
/// The direct renderer must print exactly what Handlebars.Net prints: every shipped template part over its sample data,
/// and a set of edge-case templates, are rendered by both engines and compared character for character.
/// </summary>
public sealed class DirectRenderingTests
{
    private static readonly TemplateLibrary Library = TemplateSetLoader.LoadLibrary(Repository.Templates);
    private static readonly TemplateEngine Direct = Create(directRendering: true);
    private static readonly TemplateEngine Reference = Create(directRendering: false);
    private static readonly RenderSettings Dutch = RenderSettings.For("nl-NL", "Europe/Amsterdam");

    private static TemplateEngine Create(bool directRendering)
    {
        var engine = new TemplateEngine(directRendering);
        Library.RegisterPartials(engine);
        engine.RegisterPartial("greeting", "Hello {{name}}{{#if vip}} (VIP){{/if}}!", OutputMode.Html);
        engine.RegisterPartial("greeting", "Hello {{name}}!", OutputMode.Text);
        engine.RegisterPartial("frame", "<div>\n{{> @partial-block}}\n</div>\n", OutputMode.Html);
        return engine;
    }

    public static TheoryData<string, string> ShippedParts()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in Library.Sets.Values.Where(s => s.SampleData is not null).OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            foreach (var part in set.Parts.Keys.Order(StringComparer.Ordinal))
            {
                data.Add(set.Id, part);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedParts))]
    public void ShippedTemplatePart_RendersLikeHandlebarsNet(string setId, string partName)
    {
        var set = Library.Get(setId);
        var part = set.Parts[partName];

        var expected = Reference.Render(part, set.SampleData, Dutch);
        var actual = Direct.Render(part, set.SampleData, Dutch);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void EmailParts_RenderDirectly()
    {
        var set = Library.Get("order-confirmation");

        foreach (var part in set.Parts.Values)
        {
            var compiled = Direct.Compile(part);
            compiled.Render(set.SampleData, Dutch);
            Assert.True(compiled.RendersDirectly, $"{part.Id} fell back to Handlebars.Net");
        }
    }

    public static TheoryData<string, OutputMode> EdgeCases() => new()
    {
        { "{{#each items}}{{@index}}:{{this}}{{#if @first}} first{{/if}}{{#if @last}} last{{/if}}\n{{else}}none{{/each}}", OutputMode.Text },
        { "{{#each missing}}x{{else}}none{{/each}}|{{#each empty}}x{{else}}empty{{/each}}", OutputMode.Text },
        { "{{#each person}}{{@key}}={{this}};{{/each}}", OutputMode.Text },
        { "{{#with person}}{{name}} of {{../shop}}{{/with}}{{#with missing}}x{{else}}no{{/with}}", OutputMode.Text },
        { "{{#unless flag}}off{{else}}on{{/unless}} {{#if zero}}z{{else}}not zero{{/if}} {{#if text}}t{{/if}}", OutputMode.Text },
        { "{{flag}} {{yes}} {{count}} {{price}} {{items.length}} {{person.name.length}} {{nothing}} {{person.missing.deeper}}", OutputMode.Text },
        { "<p>{{danger}}</p>{{{danger}}} {{{upper danger}}} {{upper danger}}", OutputMode.Html },
        { "{{danger}}", OutputMode.Zpl },
        { "  {{#if yes}}\n  indented\n  {{/if}}\nafter  {{~#if yes~}}  trimmed  {{~/if~}}  end", OutputMode.Text },
        { "{{! a comment }}\n{{!-- a {{long}} comment --}}\ntext {{! inline }} more", OutputMode.Text },
        { "{{money price \"EUR\"}} {{money price currency culture=\"en-US\"}} {{number count 2}} {{upper (default nothing \"fallback\")}}", OutputMode.Html },
        { "{{#if (gt count 2)}}many{{/if}} {{#if (and yes (eq person.name \"Anna\"))}}anna{{/if}} {{pluralise count \"item\" includeCount=true}}", OutputMode.Text },
        { "{{> greeting person}} {{> greeting name=\"Ben\" vip=yes}}", OutputMode.Html },
        { "{{#> frame}}\n<p>{{person.name}}</p>\n{{/frame}}", OutputMode.Html },
        { "{{#each items}}{{#each ../items}}{{../this}}{{this}} {{/each}}{{/each}}", OutputMode.Text },
        { "{{@root.shop}} {{#each items}}{{@root.person.name}}{{/each}}", OutputMode.Text },
        { "line\r\n{{#if yes}}\r\n  x\r\n{{else}}\r\n  y\r\n{{/if}}\r\ndone\r\n", OutputMode.Text },
        { "{{#each items}}\n  {{#if @first}}\n  first\n  {{else}}\n  other {{this}}\n  {{/if}}\n{{/each}}\n", OutputMode.Text },
        { "a {{#if yes}}inline{{/if}} b\n{{#if yes}} two {{/if}} {{#if yes}}tags{{/if}}\n", OutputMode.Text },
        { "{{#> frame}}\n{{#> frame}}\ninner {{person.name}}\n{{/frame}}\n{{/frame}}", OutputMode.Html },
        { "x\n\n  {{~ person.name ~}}  \n\ny", OutputMode.Text },
        { "{{#with person}}{{#each ../items}}{{../name}}{{this}}{{/each}}{{/with}}", OutputMode.Text },
    };

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void EdgeCase_RendersLikeHandlebarsNet(string template, OutputMode mode)
    {
        var model = JsonSerializer.SerializeToElement(JsonNode.Parse("""
            {
              "items": ["a", "b", "c"], "empty": [], "flag": false, "yes": true, "zero": 0, "text": "",
              "count": 3, "price": 1214.5, "currency": "USD", "shop": "Northwind",
              "danger": "<b>Tom & \"Jerry\"</b> 'x' `y` a=b ^FD~_",
              "person": {"name": "Anna", "vip": true}
            }
            """));
        var source = new TemplateSource("edge", 1, mode, template);

        var expected = Reference.Render(source, model, Dutch);
        var actual = Direct.Render(source, model, Dutch);

        Assert.Equal(expected, actual);
        Assert.Equal(0, Direct.Compile(source).HandedToHandlebars);
    }

    [Fact]
    public void UnsupportedSyntax_FallsBackToHandlebarsNetWithTheSameOutput()
    {
        var source = new TemplateSource("fallback", 1, OutputMode.Text, "{{#each items as |item|}}{{item}}{{/each}} {{lookup items 1}}");
        var model = JsonSerializer.SerializeToElement(new { items = new[] { "a", "b" } });

        var actual = Direct.Render(source, model);

        Assert.Equal(Reference.Render(source, model), actual);
        Assert.False(Direct.Compile(source).RendersDirectly);
    }

    [Fact]
    public void HelperError_ReadsAsInHandlebarsNet()
    {
        var source = new TemplateSource("broken", 1, OutputMode.Text, "{{money price}}");
        var model = JsonSerializer.SerializeToElement(new { price = 5 });

        var direct = Assert.Throws<TemplateRenderException>(() => Direct.Render(source, model));
        var reference = Assert.Throws<TemplateRenderException>(() => Reference.Render(source, model));

        Assert.Equal(reference.Message, direct.Message);
    }

    [Fact]
    public void PartialIncludingItself_FailsWithAMessageInsteadOfOverflowingTheStack()
    {
        var engine = new TemplateEngine();
        engine.RegisterPartial("loop", "x{{> loop}}", OutputMode.Text);
        var source = new TemplateSource("recursive", 2, OutputMode.Text, "{{> loop}}");

        var error = Assert.Throws<TemplateRenderException>(() => engine.Render(source, JsonSerializer.SerializeToElement(new { })));

        Assert.StartsWith("Template 'recursive' v2: blocks and partials nested deeper than 256 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReRegisteredPartial_IsUsedByTheNextRender()
    {
        var engine = new TemplateEngine();
        engine.RegisterPartial("sign", "v1", OutputMode.Text);
        var source = new TemplateSource("uses-sign", 1, OutputMode.Text, "[{{> sign}}]");
        var model = JsonSerializer.SerializeToElement(new { });
        Assert.Equal("[v1]", engine.Render(source, model));

        engine.RegisterPartial("sign", "v2 {{#each x as |y|}}{{/each}}", OutputMode.Text);

        Assert.Equal("[v2 ]", engine.Render(source, model));
    }
}
