using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Seed;

namespace OmsFlow.Orders.Tests.Seed;

public sealed class SeedGeneratorTests
{
    private static readonly SeedData Data = SeedGenerator.Generate();

    private static string Fingerprint(SeedData data) => JsonSerializer.Serialize(new
    {
        data.Nodes,
        data.Products,
        data.Inventory,
        data.Customers,
        Samples = data.SampleOrders.Select(s => new { s.Id, s.Label, s.Tags, Order = s.Order.ToJsonString() }),
    });

    [Fact]
    public void Generate_SameSeed_GivesIdenticalData()
    {
        Assert.Equal(Fingerprint(Data), Fingerprint(SeedGenerator.Generate(new SeedOptions())));
    }

    [Fact]
    public void Generate_OtherSeed_GivesOtherData()
    {
        var other = SeedGenerator.Generate(new SeedOptions { Seed = 7 });
        Assert.NotEqual(Fingerprint(Data), Fingerprint(other));
        Assert.Equal(Data.Customers.Count, other.Customers.Count);
    }

    [Fact]
    public void Generate_Defaults_HasTheConfiguredCounts()
    {
        Assert.Equal(6, Data.Nodes.Count);
        Assert.Equal(50, Data.Products.Count);
        Assert.Equal(2000, Data.Customers.Count);
        Assert.Equal(200, Data.SampleOrders.Count);
        Assert.Equal(Data.Nodes.Count * Data.Products.Count, Data.Inventory.Count);
        Assert.Equal(["dc", "dc", "dc", "dc", "store", "dropship"], Data.Nodes.Select(n => n.Kind));
    }

    [Fact]
    public void Nodes_CarryCutoffTimeZoneCostsAndAddress()
    {
        foreach (var node in Data.Nodes)
        {
            var document = JsonNode.Parse(node.Document)!;
            Assert.Matches("^[0-2][0-9]:[0-5][0-9]$", document["cutoff"]!.GetValue<string>());
            Assert.NotNull(TimeZoneInfo.FindSystemTimeZoneById(document["timeZone"]!.GetValue<string>()));
            Assert.True(document["costPerShipment"]!.GetValue<decimal>() > 0);
            Assert.True(document["costPerUnit"]!.GetValue<decimal>() > 0);
            Assert.True(document["costPerKm"]!.GetValue<decimal>() > 0);
            Assert.Equal(node.Country, document["address"]!["country"]!.GetValue<string>());
            Assert.InRange(node.Latitude, -90, 90);
            Assert.True(node.CapacityPerDay > 0);
        }
    }

    [Fact]
    public void Products_HaveValidGtinsPricesInEveryCurrencyAndSpecialItems()
    {
        Assert.All(Data.Products, p => Assert.True(CheckDigits.IsValidGtin13(p.Gtin), $"{p.Sku}: {p.Gtin}"));
        Assert.Equal(Data.Products.Count, Data.Products.Select(p => p.Gtin).Distinct().Count());
        Assert.All(Data.Products, p =>
        {
            var prices = JsonNode.Parse(p.Document)!["prices"]!.AsObject();
            Assert.Equal(["USD", "EUR", "GBP", "CAD"], prices.Select(kv => kv.Key));
            Assert.All(prices, kv => Assert.True(kv.Value!.GetValue<decimal>() > 0));
        });
        Assert.Equal(["reduced", "standard", "zero"], Data.Products.Select(p => p.TaxCategory).Distinct().Order());
        Assert.Contains(Data.Products, p => !p.Active);
        Assert.Contains(Data.Products, p => JsonNode.Parse(p.Document)!["hazmat"]!.GetValue<bool>());
        Assert.Contains(Data.Products, p => JsonNode.Parse(p.Document)!["oversize"]!.GetValue<bool>());
        Assert.Contains(Data.Products, p => JsonNode.Parse(p.Document)!["packMultiple"]!.GetValue<int>() > 1);
    }

    [Fact]
    public void Inventory_HasTheConfiguredShareOfEmptyRowsAndOneSkuEmptyEverywhere()
    {
        var empty = Data.Inventory.Count(i => i.OnHand == 0);
        Assert.Equal(Math.Round(Data.Inventory.Count * 0.15), empty);
        Assert.Contains(Data.Inventory.GroupBy(i => i.Sku), g => g.All(i => i.OnHand == 0));
        Assert.All(Data.Inventory, i => Assert.True(i.ReorderPoint >= i.SafetyStock && i.Reserved == 0));
    }

    [Fact]
    public void Customers_HaveSegmentsDemandClassesAndValidVatIdsForBusinessInVatCountries()
    {
        Assert.Equal(Data.Customers.Count, Data.Customers.Select(c => c.Id).Distinct().Count());
        Assert.Equal(["business", "consumer", "employee", "vip"], Data.Customers.Select(c => c.Segment).Distinct().Order());
        Assert.Equal(["A", "B", "C"], Data.Customers.Select(c => c.DemandClass).Distinct().Order());
        Assert.Equal(["CAD", "EUR", "GBP", "USD"], Data.Customers.Select(c => c.Currency).Distinct().Order());
        Assert.All(Data.Customers, c => Assert.EndsWith("@example.com", c.Email, StringComparison.Ordinal));
        var withVat = Data.Customers.Where(c => c.VatId is not null).ToList();
        Assert.NotEmpty(withVat);
        Assert.All(withVat, c =>
        {
            Assert.Equal("business", c.Segment);
            Assert.True(CheckDigits.IsValidVatId(c.VatId), c.VatId);
            Assert.StartsWith(c.Country!, c.VatId, StringComparison.Ordinal);
        });
        Assert.All(Data.Customers, c =>
        {
            var address = JsonNode.Parse(c.Document)!["addresses"]![0]!;
            Assert.NotNull(address["latitude"]);
            Assert.Equal(c.Country, address["country"]!.GetValue<string>());
        });
    }

    [Fact]
    public void SampleOrders_ReadAsOrdersAndCoverEveryChannelCurrencyAndEdgeCase()
    {
        Assert.Equal(Data.SampleOrders.Count, Data.SampleOrders.Select(s => s.Id).Distinct().Count());
        var orders = Data.SampleOrders.Select(s => OrderJson.Read(s.Order)).ToList();
        Assert.Equal(["app", "b2b", "call-centre", "marketplace", "web"], orders.Select(o => o.Channel).Distinct().Order());
        Assert.Equal(["CAD", "EUR", "GBP", "USD"], orders.Select(o => o.Currency).Distinct().Order());
        string[] edgeCases =
        [
            SampleTags.OverApprovalThreshold, SampleTags.BigDiscount, SampleTags.BadAddress, SampleTags.Split, SampleTags.OutOfStock,
            SampleTags.FraudRisk, SampleTags.DuplicateExternalId, SampleTags.Hazmat, SampleTags.InactiveSku, SampleTags.Normal,
        ];
        Assert.All(edgeCases, tag => Assert.Contains(Data.SampleOrders, s => s.Tags.Contains(tag)));
        Assert.All(orders, o => Assert.NotEmpty(o.Lines));
        Assert.All(Data.SampleOrders, s => Assert.False(s.Order.ContainsKey("status"), "integrators do not send statuses"));
    }

    [Fact]
    public void EdgeCaseOrders_DoWhatTheirTagSays()
    {
        var products = Data.Products.ToDictionary(p => p.Sku);
        var available = Data.Inventory.GroupBy(i => i.Sku).ToDictionary(g => g.Key, g => g.Select(i => i.OnHand - i.SafetyStock).ToList());
        foreach (var sample in Data.SampleOrders.Where(s => s.Tags.Contains(SampleTags.Split)))
        {
            var line = OrderJson.Read(sample.Order).Lines.Single();
            Assert.True(line.Quantity > available[line.Sku].Max(), sample.Label);
            Assert.True(line.Quantity <= available[line.Sku].Where(a => a > 0).Sum(), sample.Label);
        }
        foreach (var sample in Data.SampleOrders.Where(s => s.Tags.Contains(SampleTags.OutOfStock)))
        {
            Assert.Contains(OrderJson.Read(sample.Order).Lines, l => available[l.Sku].All(a => a <= 0));
        }
        foreach (var sample in Data.SampleOrders.Where(s => s.Tags.Contains(SampleTags.OverApprovalThreshold)))
        {
            var order = OrderJson.Read(sample.Order);
            var usd = order.Lines.Sum(l => JsonNode.Parse(products[l.Sku].Document)!["prices"]!["USD"]!.GetValue<decimal>() * l.Quantity);
            Assert.True(usd > 5000m, sample.Label);
        }
        foreach (var sample in Data.SampleOrders.Where(s => s.Tags.Contains(SampleTags.DuplicateExternalId)))
        {
            var externalId = sample.Order["externalId"]!.GetValue<string>();
            Assert.Equal(2, Data.SampleOrders.Count(s => s.Order["externalId"]!.GetValue<string>() == externalId));
        }
        Assert.All(Data.SampleOrders.Where(s => s.Tags.Contains(SampleTags.InactiveSku)), s =>
            Assert.Contains(OrderJson.Read(s.Order).Lines, l => !products[l.Sku].Active));
        var badAddresses = Data.SampleOrders.Where(s => s.Tags.Contains(SampleTags.BadAddress)).Select(s => s.Order["shipTo"]!.AsObject()).ToList();
        Assert.Contains(badAddresses, a => !a.ContainsKey("postalCode"));
        Assert.Contains(badAddresses, a => !a.ContainsKey("line1") && !a.ContainsKey("city"));
        Assert.Contains(badAddresses, a => a["country"]!.GetValue<string>() == "XX");
        var splitSkus = Data.SampleOrders.Where(s => s.Tags.Contains(SampleTags.Split)).Select(s => OrderJson.Read(s.Order).Lines.Single().Sku);
        Assert.True(splitSkus.Distinct().Count() > 1, "split orders should not all use one SKU");
        Assert.All(Data.SampleOrders.Where(s => s.Tags.Contains(SampleTags.FraudRisk)), s =>
            Assert.True(s.Order["payment"]!["riskScore"]!.GetValue<int>() >= 85 && s.Order["payment"]!["avs"]!.GetValue<string>() != "match"));
        Assert.All(Data.SampleOrders.Where(s => s.Tags.Contains(SampleTags.BigDiscount)), s =>
            Assert.Contains(s.Order["couponCodes"]!.AsArray(), c => c!.GetValue<string>() is "VIP25" or "CLEARANCE40"));
    }

    [Theory]
    [InlineData("4006381333931", true)]
    [InlineData("4006381333932", false)]
    [InlineData("0850123100019", false)]
    [InlineData("400638133393", false)]
    public void IsValidGtin13_ChecksTheGs1CheckDigit(string gtin, bool valid) => Assert.Equal(valid, CheckDigits.IsValidGtin13(gtin));

    [Theory]
    [InlineData("GB980780684", true)]
    [InlineData("GB980780685", false)]
    [InlineData("DE136695976", true)]
    [InlineData("DE136695977", false)]
    [InlineData("NL004495445B01", true)]
    [InlineData("NL004495446B01", false)]
    [InlineData("FR40303265045", true)]
    [InlineData("FR41303265045", false)]
    [InlineData("US123456789", false)]
    public void IsValidVatId_ChecksTheCountryChecksum(string vatId, bool valid) => Assert.Equal(valid, CheckDigits.IsValidVatId(vatId));

    [Fact]
    public void Parse_ReadsYamlAndReportsBadValuesWithTheirPlace()
    {
        var options = SeedOptions.Parse("seed: 42\ncustomers: 10\n");
        Assert.Equal(42, options.Seed);
        Assert.Equal(10, options.Customers);
        Assert.Equal(50, options.Products);
        var badValue = Assert.Throws<SeedOptionsException>(() => SeedOptions.Parse("customers: many\n"));
        Assert.StartsWith("seed.yaml:1:", badValue.Message, StringComparison.Ordinal);
        var outOfRange = Assert.Throws<SeedOptionsException>(() => SeedOptions.Parse("products: 3\n"));
        Assert.Contains("products", outOfRange.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepositorySeedYaml_ParsesToTheDefaults()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OmsFlow.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        var options = SeedOptions.Load(Path.Combine(dir.FullName, "definitions", "seed", "seed.yaml"));
        Assert.Equal(Fingerprint(Data), Fingerprint(SeedGenerator.Generate(options)));
    }
}
