using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Templates.Rendering;

namespace OmsFlow.Templates.Tests.Rendering;

/// <summary>
/// The direct renderer reads JSON values straight from the document: strings are transcoded from UTF-8 (unescaping
/// <c>\uXXXX</c> itself), numbers and money are formatted into its buffer, loop items stay JSON elements. Each case is
/// rendered by it and by Handlebars.Net, over a model as System.Text.Json writes it (escaped) and as a file holds it
/// (raw UTF-8), and compared character for character.
/// </summary>
public sealed class DirectJsonValueTests
{
    private static readonly TemplateEngine Direct = Create(directRendering: true);
    private static readonly TemplateEngine Reference = Create(directRendering: false);

    // Written by hand, so strings keep their raw UTF-8 and their escapes exactly as a sample file or API payload has them.
    private const string ModelJson = """
        {
          "currency": "EUR",
          "shop": { "name": "Caf\u00e9 <Noord> & Zuid", "country": "NL" },
          "texts": {
            "escaped": "Tom \u0026 \"Jerry\" \\ back\/slash\ttab\nline",
            "raw": "Größe – naïve café ✓ 😀 <b> 'q' `t` a=b",
            "pair": "\uD83D\uDE00 smile",
            "zpl": "A^B~C_D\r\nE",
            "empty": "",
            "long": "LONGTEXT"
          },
          "lines": [
            { "sku": "A-1", "name": "Mug <large> & \"blue\"", "quantity": 2, "unitPrice": 9.95, "total": 19.90, "discount": 0,
              "tags": ["new", "sale"], "options": [ { "name": "colour", "value": "blue" }, { "name": "size", "value": "L" } ],
              "product": { "brand": "Acme", "origin": { "country": "DE" } }, "gift": true, "note": null,
              "dimensions": { "width": 10, "height": 12.5 }, "placedAt": "2026-11-20T23:30:00Z" },
            { "sku": "B-2", "name": "Teapot", "quantity": 1, "unitPrice": 1234567.891, "total": -45.5, "discount": 2.5,
              "tags": [], "options": [], "gift": false, "note": "", "currency": "USD",
              "dimensions": {}, "placedAt": "2026-12-22" },
            { "sku": "C-3", "name": "Big number", "quantity": 100000000000000000000000000000000, "unitPrice": 1e3, "total": 0.000001,
              "gift": "yes", "note": "fragile", "currency": "JPY", "placedAt": "2026-06-01T08:00:00+02:00" }
          ],
          "amounts": [0, 0.5, 5.00, 100, 1234567.5, 98765432109876543210.12, 1234567890123456789012345678, 12345678901234567890123456789,
                      0.125, -0, -0.0, -12.5, 1.5e2, 1E-2, 0.10],
          "flags": { "zero": 0, "negative": -0.0, "text": "0", "yes": true, "no": false, "nothing": null, "list": [], "object": {} }
        }
        """;

    private static TemplateEngine Create(bool directRendering)
    {
        var engine = new TemplateEngine(directRendering);
        engine.RegisterPartial("line", "[{{sku}} {{name}} {{money unitPrice \"EUR\"}}{{#if label}} {{label}}{{/if}}]", OutputMode.Html);
        engine.RegisterPartial("line", "[{{sku}} {{name}}]", OutputMode.Text);
        engine.RegisterPartial("number", "({{this}})", OutputMode.Text);
        engine.RegisterPartial("box", "<div>{{> @partial-block}}</div>", OutputMode.Html);
        return engine;
    }

    public static TheoryData<string, OutputMode> Templates() => new()
    {
        // Escaping: JSON escapes, surrogate pairs, non-ASCII, and the characters each mode encodes.
        { "{{texts.escaped}}|{{texts.raw}}|{{texts.pair}}|{{shop.name}}|{{{texts.escaped}}}|{{{texts.raw}}}", OutputMode.Html },
        { "{{texts.escaped}}|{{texts.raw}}|{{texts.pair}}|{{{texts.zpl}}}", OutputMode.Text },
        { "^FD{{texts.zpl}}^FS^FD{{texts.raw}}^FS^FD{{{texts.zpl}}}^FS", OutputMode.Zpl },
        { "{{#each lines}}<td>{{name}}</td><td>{{{name}}}</td><td>{{sku}}</td>{{/each}}", OutputMode.Html },
        { "{{texts.long}}|{{texts.long.length}}|{{texts.empty}}|{{texts.empty.length}}", OutputMode.Html },

        // Numbers and money per line: scales, negatives, exponents, numbers beyond decimal, JPY without cents.
        { "{{#each lines}}{{quantity}};{{unitPrice}};{{total}};{{discount}}|{{/each}}", OutputMode.Html },
        { "{{#each lines}}{{money unitPrice ../currency}} {{money total ../currency}} {{money total (default currency ../currency)}}|{{/each}}", OutputMode.Html },
        { "{{#each amounts}}{{this}} {{money this ../currency}} {{money this \"JPY\"}} {{money this \"USD\"}} {{{money this \"CHF\"}}}|{{/each}}", OutputMode.Html },
        { "{{#each amounts}}{{this}} {{money this ../currency}} {{money this \"GBP\"}} {{number this}}|{{/each}}", OutputMode.Text },
        { "{{#each amounts}}{{#with this}}{{this}}{{/with}}{{#if this}}T{{/if}}{{> number this}}{{> number}}{{#each ../shop}}{{this}}{{/each}}|{{/each}}{{#with flags.zero}}{{this}}{{/with}}", OutputMode.Text },
        { "{{#each amounts}}^FD{{this}} {{money this ../currency}}^FS{{/each}}", OutputMode.Zpl },
        { "{{#each lines}}{{{money unitPrice ../currency}}}|{{money discount \"CHF\"}}|{{money product.price ../currency}}|{{/each}}", OutputMode.Text },
        { "{{#each lines}}{{number unitPrice 2}} {{percent discount}} {{upper (money total ../currency)}}|{{/each}}", OutputMode.Html },

        // Missing and null values: members of missing objects, nulls, out-of-range indexes.
        { "{{#each lines}}[{{missing}}{{note}}{{product.brand}}{{product.origin.country}}{{product.nothing.deeper}}{{tags.5}}{{options.0.value}}]{{/each}}", OutputMode.Html },
        { "{{#each lines}}{{#if note}}N:{{note}}{{else}}no note{{/if}}|{{money missing ../currency}}|{{/each}}", OutputMode.Text },

        // Truthiness of every JSON kind, inside and outside loops.
        { "{{#if flags.zero}}a{{/if}}{{#if flags.negative}}b{{/if}}{{#if flags.text}}c{{/if}}{{#if flags.yes}}d{{/if}}{{#if flags.no}}e{{/if}}{{#if flags.nothing}}f{{/if}}{{#if flags.list}}g{{/if}}{{#if flags.object}}h{{/if}}{{#unless flags.zero}}i{{/unless}}", OutputMode.Text },
        { "{{#with flags.object}}w{{else}}empty{{/with}}{{#each flags.object}}x{{else}}none{{/each}}{{#with shop}}{{name}}{{/with}}{{#each lines}}{{#with dimensions}}{{width}}{{else}}-{{/with}}{{/each}}", OutputMode.Text },
        { "{{#each lines}}{{#if gift}}G{{/if}}{{#if discount}}D{{/if}}{{#if tags}}T{{/if}}{{#if dimensions}}M{{/if}}{{#unless note}}-{{/unless}}|{{/each}}", OutputMode.Text },
        { "{{flags.yes}} {{flags.no}} {{flags.zero}} {{flags.negative}} {{flags.nothing}}", OutputMode.Text },

        // Nested each, with and if over JSON items; ../ across several loop levels; data variables.
        { "{{#each lines}}{{@index}}{{#each tags}}<{{@index}}:{{this}}:{{../sku}}:{{../../currency}}{{#if @last}}!{{/if}}>{{else}}no tags{{/each}};{{/each}}", OutputMode.Html },
        { "{{#each lines}}{{#each options}}{{name}}={{value}}/{{../name}}{{#if @first}}^{{/if}} {{/each}}{{#each dimensions}}{{@key}}:{{this}},{{else}}none{{/each}}|{{/each}}", OutputMode.Html },
        { "{{#each lines}}{{#with product}}{{brand}} from {{origin.country}} for {{../sku}}{{else}}no product{{/with}}{{#with product.origin}}{{country}}{{/with}}|{{/each}}", OutputMode.Text },
        { "{{#each lines}}{{this.sku}} {{lines.length}} {{../lines.length}} {{tags.length}} {{@root.shop.country}}|{{/each}}{{lines.1.name}}", OutputMode.Text },
        { "{{#each lines.0.tags}}{{this}}{{/each}}{{#each lines.0.options}}{{value}}{{/each}}{{#each shop}}{{@key}}={{this}};{{/each}}", OutputMode.Html },
        { "{{#each lines}}{{#if (gt discount 1)}}many{{/if}}{{#if (eq sku \"B-2\")}}B{{/if}}{{default note \"-\"}}|{{/each}}", OutputMode.Text },

        // Partials with a JSON item as context, without context, with hash values read from the item, and blocks.
        { "{{#each lines}}{{> line}}{{> line this}}{{> line label=sku}}{{/each}}", OutputMode.Html },
        { "{{#each lines}}{{#> box}}{{name}} {{money total \"EUR\"}} {{#each tags}}{{this}}{{/each}}{{/box}}{{/each}}", OutputMode.Html },
        { "{{#each lines}}{{> line product}}{{/each}}", OutputMode.Text },

        // Culture and time zone: dates read from the loop items.
        { "{{#each lines}}{{date placedAt}} {{datetime placedAt}} {{time placedAt tz=\"America/New_York\"}}|{{/each}}", OutputMode.Html },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void JsonValue_RendersLikeHandlebarsNet(string template, OutputMode mode)
    {
        var source = new TemplateSource("json-values", 1, mode, template);
        foreach (var settings in Settings())
        {
            foreach (var (shape, model) in Models())
            {
                var expected = Reference.Render(source, model, settings);
                var actual = Direct.Render(source, model, settings);

                Assert.True(expected == actual, $"{shape} model, {settings.Culture.Name}: expected\n{expected}\nbut got\n{actual}");
            }
        }

        Assert.Equal(0, Direct.Compile(source).HandedToHandlebars);
    }

    [Theory]
    [InlineData("de-DE", "en-US")]
    [InlineData("fr-FR", "")]
    [InlineData("", "de-DE")]
    public void NumberWrittenAsIs_UsesTheCultureTheEngineWasCreatedInLikeHandlebarsNet(string engineCulture, string renderCulture)
    {
        var source = new TemplateSource("numbers", 1, OutputMode.Html, "{{#each lines}}{{unitPrice}} {{total}} {{quantity}}|{{/each}}");
        var model = Models().First().Model;
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(engineCulture);
            var direct = Create(directRendering: true);
            var reference = Create(directRendering: false);
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(renderCulture);

            var expected = reference.Render(source, model);

            Assert.Equal(expected, direct.Render(source, model));
            Assert.Equal(0, direct.Compile(source).HandedToHandlebars);
            Assert.Contains(engineCulture is "de-DE" or "fr-FR" ? "9,95 19,90 2|" : "9.95 19.90 2|", expected, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void MoneyWithoutCurrency_FailsWithHandlebarsNetsMessage()
    {
        var source = new TemplateSource("no-currency", 3, OutputMode.Html, "{{#each lines}}{{money total missing}}{{/each}}");
        var model = Models().First().Model;

        var direct = Assert.Throws<TemplateRenderException>(() => Direct.Render(source, model));
        var reference = Assert.Throws<TemplateRenderException>(() => Reference.Render(source, model));

        Assert.Equal(reference.Message, direct.Message);
        Assert.Equal(1, Direct.Compile(source).HandedToHandlebars);
    }

    [Fact]
    public void JsonNodeModels_RenderedOneAfterAnother_EachReadTheirOwnData()
    {
        var source = new TemplateSource("nodes", 1, OutputMode.Text, "{{#each items}}{{name}}={{money price ../currency}};{{/each}}");
        var failing = new TemplateSource("nodes-failing", 1, OutputMode.Text, "{{#each items}}{{money price}}{{/each}}");
        var small = JsonNode.Parse("""{"currency":"EUR","items":[{"name":"a","price":1.5}]}""")!;
        var large = new JsonObject { ["currency"] = "USD", ["items"] = new JsonArray([.. Enumerable.Range(0, 2_000).Select(i => (JsonNode)new JsonObject { ["name"] = $"item {i}", ["price"] = i })]) };

        Assert.Throws<TemplateRenderException>(() => Direct.Render(failing, large));
        var first = Direct.Render(source, large, RenderSettings.For("en-US"));
        var second = Direct.Render(source, small, RenderSettings.For("en-US"));

        Assert.Equal(Reference.Render(source, large, RenderSettings.For("en-US")), first);
        Assert.StartsWith("item 0=$0.00;item 1=$1.00;", first, StringComparison.Ordinal);
        Assert.Equal("a=€1.50;", second);
    }

    [Fact]
    public void StringLongerThanTheRenderBuffers_IsWrittenWhole()
    {
        var text = string.Concat(Enumerable.Repeat("<é & 😀> \"x\" ", 4_000));
        var model = JsonSerializer.SerializeToElement(new { items = new[] { text, text } });
        var source = new TemplateSource("long", 1, OutputMode.Html, "{{#each items}}{{this}}|{{/each}}");

        var output = Direct.Render(source, model);

        Assert.Equal(Reference.Render(source, model), output);
        Assert.Equal(0, Direct.Compile(source).HandedToHandlebars);
        Assert.StartsWith("&lt;é &amp; 😀&gt; &quot;x&quot; &lt;é", output, StringComparison.Ordinal);
    }

    private static IEnumerable<RenderSettings> Settings() =>
    [
        RenderSettings.For("nl-NL", "Europe/Amsterdam"),
        RenderSettings.For("de-CH", "Europe/Zurich"),
        RenderSettings.For("fr-FR", "Europe/Paris"),
        RenderSettings.For("ja-JP", "Asia/Tokyo"),
        RenderSettings.For("en-US", "America/Los_Angeles"),
        RenderSettings.For("en-IN", "Asia/Kolkata"),
        RenderSettings.For("sv-SE", "Europe/Stockholm"),
    ];

    private static IEnumerable<(string Shape, object Model)> Models()
    {
        var json = ModelJson.Replace("LONGTEXT", string.Concat(Enumerable.Repeat("<\\u00e9&amp;>", 200)), StringComparison.Ordinal);
        yield return ("raw JSON text", JsonDocument.Parse(json).RootElement);
        yield return ("System.Text.Json-written", JsonSerializer.SerializeToElement(JsonNode.Parse(json)));
        yield return ("JsonNode", JsonNode.Parse(json)!);
        yield return ("JsonDocument", JsonDocument.Parse(json));
    }
}
