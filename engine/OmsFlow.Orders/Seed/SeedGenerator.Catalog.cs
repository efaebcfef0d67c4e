using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Orders.Seed;

/// <summary>Products (GTIN, tax category, weight, prices per currency) and stock per node.</summary>
public sealed partial class SeedGenerator
{
    /// <summary>Price-list conversion from the USD list price (rounded to .99 endings, as retailers price).</summary>
    public static IReadOnlyDictionary<string, decimal> ListPriceRates { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["USD"] = 1.00m,
        ["EUR"] = 0.93m,
        ["GBP"] = 0.80m,
        ["CAD"] = 1.38m,
    };

    /// <summary>GS1 company prefix the seeded GTINs use (seven digits; five-digit item references follow).</summary>
    public const string GtinCompanyPrefix = "0850123";

    private static readonly (string Category, string TaxCategory, string[] Items, int MinGrams, int MaxGrams, decimal MinPrice, decimal MaxPrice)[] Families =
    [
        ("Audio", "standard", ["Wireless Earbuds", "Bluetooth Speaker", "Studio Headphones", "Soundbar"], 80, 3500, 29m, 399m),
        ("Home", "standard", ["Espresso Machine", "Air Purifier", "Robot Vacuum", "Smart Thermostat", "Desk Lamp"], 600, 9000, 35m, 899m),
        ("Apparel", "standard", ["Rain Jacket", "Merino Sweater", "Running Shoes", "Wool Socks (3 pack)"], 150, 1400, 12m, 249m),
        ("Kids", "zero", ["Kids Rain Boots", "Baby Bodysuit (5 pack)", "Kids Winter Coat"], 150, 900, 15m, 89m),
        ("Books", "reduced", ["Field Guide to Birds", "Cookbook: Weeknight Dinners", "Atlas of the World"], 300, 2200, 12m, 65m),
        ("Grocery", "reduced", ["Single-Origin Coffee Beans 1kg", "Matcha Tea 100g", "Olive Oil 1L"], 150, 1200, 9m, 45m),
        ("Outdoor", "standard", ["Camping Stove", "Two-Person Tent", "Trekking Poles", "Insulated Bottle"], 300, 4500, 19m, 449m),
    ];

    private static readonly string[] Editions = ["", " Pro", " Lite", " Max", " Mini", " Plus", " Classic", " Sport"];

    private List<ProductRecord> Products()
    {
        var products = new List<ProductRecord>(_options.Products);
        for (var i = 0; i < _options.Products; i++)
        {
            var family = Families[i % Families.Length];
            var item = family.Items[(i / Families.Length) % family.Items.Length];
            var edition = Editions[(i / (Families.Length * 3)) % Editions.Length];
            var sku = "SKU-" + (1001 + i).ToString(CultureInfo.InvariantCulture);
            var body = GtinCompanyPrefix + (10001 + i).ToString("00000", CultureInfo.InvariantCulture);
            var gtin = body + CheckDigits.Gs1(body).ToString(CultureInfo.InvariantCulture);
            var usd = RetailPrice(family.MinPrice + ((family.MaxPrice - family.MinPrice) * (decimal)NextDouble()));
            var prices = new JsonObject();
            foreach (var (currency, rate) in ListPriceRates)
            {
                prices[currency] = currency == "USD" ? usd : RetailPrice(usd * rate);
            }
            // Fixed positions for the special items so edge-case orders can find them whatever the seed.
            var hazmat = family.Category == "Outdoor" && item == "Camping Stove";
            var oversize = item is "Two-Person Tent" or "Robot Vacuum" or "Soundbar";
            var active = i % 23 != 22;
            // Some grocery items sell by the case only, so pack-multiple validation has something to check.
            var packMultiple = family.Category == "Grocery" && i % 2 == 0 ? 6 : 1;
            var document = new JsonObject
            {
                ["prices"] = prices,
                ["hazmat"] = hazmat,
                ["oversize"] = oversize,
                ["packMultiple"] = packMultiple,
                ["category"] = family.Category,
                ["costPrice"] = Math.Round(usd * 0.45m, 2),
            };
            products.Add(new ProductRecord
            {
                Sku = sku,
                Gtin = gtin,
                Name = item + edition,
                TaxCategory = family.TaxCategory,
                WeightGrams = Next(family.MinGrams, family.MaxGrams + 1),
                Active = active,
                Document = document.ToJsonString(),
            });
        }
        return products;
    }

    private static decimal RetailPrice(decimal raw) => Math.Max(1m, Math.Floor(raw)) - 0.01m;

    /// <summary>The SKU every node is out of (the out-of-stock edge case): the second product.</summary>
    private static int OutOfStockIndex => 1;

    private List<InventoryRecord> Inventory(List<NodeRecord> nodes, List<ProductRecord> products)
    {
        var cells = nodes.Count * products.Count;
        var emptyTarget = (int)Math.Round(cells * _options.EmptyInventoryShare, MidpointRounding.AwayFromZero);
        var empty = new HashSet<int>();
        // The out-of-stock SKU is empty everywhere; the rest of the empty share is spread at random.
        for (var n = 0; n < nodes.Count && empty.Count < emptyTarget; n++)
        {
            empty.Add((n * products.Count) + OutOfStockIndex);
        }
        while (empty.Count < emptyTarget)
        {
            empty.Add(Next(0, cells));
        }
        var rows = new List<InventoryRecord>(cells);
        for (var n = 0; n < nodes.Count; n++)
        {
            var node = nodes[n];
            for (var p = 0; p < products.Count; p++)
            {
                var (minOnHand, maxOnHand, maxSafety) = node.Kind switch
                {
                    "store" => (4, 40, 4),
                    "dropship" => (100, 1000, 0),
                    _ => (40, 400, 12),
                };
                var isEmpty = empty.Contains((n * products.Count) + p);
                var safety = maxSafety == 0 ? 0 : Next(1, maxSafety + 1);
                var onHand = isEmpty ? 0 : Next(minOnHand, maxOnHand + 1);
                var inbound = isEmpty || Chance(0.3) ? Next(2, 21) * 10 : 0;
                rows.Add(new InventoryRecord
                {
                    NodeId = node.Id,
                    Sku = products[p].Sku,
                    OnHand = onHand,
                    Reserved = 0,
                    SafetyStock = safety,
                    Inbound = inbound,
                    ReorderPoint = safety + Next(5, 31),
                    UpdatedAt = EpochMs,
                });
            }
        }
        return rows;
    }
}
