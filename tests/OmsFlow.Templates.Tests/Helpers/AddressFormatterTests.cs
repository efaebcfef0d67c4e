using System.Text.Json;
using OmsFlow.Templates.Helpers;
using OmsFlow.Templates.Rendering;

namespace OmsFlow.Templates.Tests.Helpers;

public class AddressFormatterTests
{
    [Fact]
    public void Lines_UnitedStates_PutsCityStateZipOnOneLine()
    {
        var address = new PostalAddress { Name = "Sam Lee", Line1 = "500 Market St", City = "San Francisco", Region = "CA", PostalCode = "94105", Country = "US" };

        Assert.Equal(["Sam Lee", "500 Market St", "San Francisco CA 94105"], AddressFormatter.Lines(address, originCountry: "US"));
    }

    [Fact]
    public void Lines_UnitedKingdom_UppercasesPostTownAndPutsPostcodeLast()
    {
        var address = new PostalAddress { Name = "Harbour & Hill Ltd", Line1 = "14 Quay Street", City = "Bristol", PostalCode = "BS1 4DB", Country = "GB" };

        Assert.Equal(["Harbour & Hill Ltd", "14 Quay Street", "BRISTOL", "BS1 4DB", "UNITED KINGDOM"], AddressFormatter.Lines(address, originCountry: "NL"));
    }

    [Fact]
    public void Lines_Netherlands_PutsPostcodeBeforeCityAndOmitsDomesticCountry()
    {
        var address = new PostalAddress { Name = "Anna de Vries", Line1 = "Oudegracht 231", City = "Utrecht", PostalCode = "3511 NK", Country = "NL" };

        Assert.Equal(["Anna de Vries", "Oudegracht 231", "3511 NK Utrecht"], AddressFormatter.Lines(address, originCountry: "NL"));
    }

    [Fact]
    public void AddressHelper_JsonAndTypedAddresses_RenderAlikeAndEscapeInHtml()
    {
        var engine = new TemplateEngine();
        var json = JsonDocument.Parse("""{"a":{"name":"Tom <Admin>","line1":"1 Main St","city":"Toronto","region":"ON","postalCode":"M5V 2T6","country":"CA"}}""").RootElement;
        var typed = new { a = new PostalAddress { Name = "Tom <Admin>", Line1 = "1 Main St", City = "Toronto", Region = "ON", PostalCode = "M5V 2T6", Country = "CA" } };
        var template = new TemplateSource("address", 1, OutputMode.Html, "{{address a origin=\"US\"}}");

        var fromJson = engine.Render(template, json);

        Assert.Equal("Tom &lt;Admin&gt;<br>1 Main St<br>Toronto ON M5V 2T6<br>CANADA", fromJson);
        Assert.Equal(fromJson, engine.Render(template, typed));
    }
}
