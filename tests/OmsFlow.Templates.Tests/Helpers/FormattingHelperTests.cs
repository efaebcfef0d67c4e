using System.Text.Json;
using OmsFlow.Templates.Rendering;

namespace OmsFlow.Templates.Tests.Helpers;

public class FormattingHelperTests
{
    private readonly TemplateEngine engine = new();

    private string Render(string content, object? model, string culture = "en-US", string zone = "UTC") =>
        engine.Render(new TemplateSource("helpers", 1, OutputMode.Text, content), model, RenderSettings.For(culture, zone));

    [Theory]
    [InlineData("nl-NL", "EUR", "€ 1.214,50")]
    [InlineData("en-US", "USD", "$1,214.50")]
    [InlineData("en-GB", "GBP", "£1,214.50")]
    [InlineData("de-DE", "EUR", "1.214,50 €")]
    [InlineData("en-US", "EUR", "€1,214.50")]
    [InlineData("nl-NL", "USD", "US$ 1.214,50")]
    [InlineData("en-CA", "CAD", "$1,214.50")]
    [InlineData("en-US", "JPY", "¥1,215")]
    public void Money_FormatsIsoCurrencyPerCulture(string culture, string currency, string expected)
    {
        var output = Render("{{money total currency}}", new { total = 1214.50m, currency }, culture);

        Assert.Equal(expected, output.Replace('\u00A0', ' ').Replace('\u202F', ' '));
    }

    [Fact]
    public void Money_ReadsJsonNumbersLikeDecimals()
    {
        var model = JsonDocument.Parse("""{"total":1214.5,"currency":"EUR"}""").RootElement;

        Assert.Equal("€ 1.214,50", Render("{{money total currency}}", model, "nl-NL").Replace('\u00A0', ' '));
    }

    [Fact]
    public void Money_CultureHashArgumentOverridesRenderCulture()
    {
        Assert.Equal("£5.00", Render("{{money 5 \"GBP\" culture=\"en-GB\"}}", null, "nl-NL"));
    }

    [Fact]
    public void NumberAndPercent_UseCultureSeparators()
    {
        Assert.Equal("1.234,57|21%|12,5%|7%", Render("{{number 1234.567 2}}|{{percent 0.21}}|{{percent 0.125}}|{{percent 7 scale=100}}", null, "nl-NL")
            .Replace('\u00A0', ' ').Replace(" %", "%", StringComparison.Ordinal));
    }

    [Fact]
    public void Date_ConvertsToTimeZoneAndFormatsInCulture()
    {
        var model = new { at = "2026-11-23T23:30:00Z" };

        Assert.Equal("24-11-2026 00:30", Render("{{datetime at \"dd-MM-yyyy HH:mm\"}}", model, "nl-NL", "Europe/Amsterdam"));
        Assert.Equal("23 Nov 2026 18:30", Render("{{datetime at \"dd MMM yyyy HH:mm\" tz=\"America/New_York\"}}", model, "en-GB"));
        Assert.Equal("Tuesday, November 24, 2026", Render("{{date at}}", model, "en-US", "Asia/Tokyo"));
    }

    [Fact]
    public void Date_CalendarDateWithoutTime_IsNotShiftedByTimeZone()
    {
        var model = JsonDocument.Parse("""{"due":"2026-12-22"}""").RootElement;

        Assert.Equal("22 December 2026", Render("{{date due \"d MMMM yyyy\"}}", model, "en-GB", "America/Los_Angeles"));
    }

    [Theory]
    [InlineData(1, "1 parcel")]
    [InlineData(3, "3 parcels")]
    [InlineData(0, "0 parcels")]
    public void Pluralise_PicksSingularOrPlural(int count, string expected)
    {
        Assert.Equal(expected, Render("{{pluralise n \"parcel\" \"parcels\" includeCount=true}}", new { n = count }));
    }

    [Fact]
    public void Comparisons_TreatJsonAndTypedNumbersAlike()
    {
        var model = JsonDocument.Parse("""{"qty":2,"limit":2.0,"status":"shipped","vip":false}""").RootElement;

        var output = Render("{{#if (eq qty limit)}}eq{{/if}} {{#if (gt qty 1)}}gt{{/if}} {{#if (lte qty 1)}}no{{else}}lte-false{{/if}} {{#if (and (eq status \"shipped\") (not vip))}}and{{/if}} {{#if (or vip (ne status \"open\"))}}or{{/if}}", model);

        Assert.Equal("eq gt lte-false and or", output);
    }

    [Fact]
    public void Comparisons_NumbersBeyondDecimalRange_CompareInsteadOfFailing()
    {
        var model = JsonDocument.Parse("""{"huge":1e30,"tiny":-1e300,"qty":2}""").RootElement;

        var output = Render("{{#if (gt huge qty)}}a{{/if}}{{#if (lt tiny qty)}}b{{/if}}{{#if (gt qty huge)}}x{{/if}}{{#if (eq huge huge)}}c{{/if}}", model);

        Assert.Equal("abc", output);
        Assert.Equal("d", Render("{{#if (gt big 1)}}d{{/if}}", new { big = 1e30 }));
    }

    [Fact]
    public void DefaultUpperLower_HandleMissingValues()
    {
        Assert.Equal("customer|ANN|ann", Render("{{default nickname \"customer\"}}|{{upper name}}|{{lower name}}", new { name = "Ann" }));
    }
}
