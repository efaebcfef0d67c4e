using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Orders.Seed;

/// <summary>
/// Generates the reference data an OmsFlow demo or test database starts with: nodes, products, inventory, customers
/// and sample orders. Deterministic: one <see cref="Random"/> with the configured seed, drawn in a fixed order, and no
/// clock reads (timestamps derive from <see cref="Epoch"/>), so the same options give byte-identical data.
/// </summary>
public sealed partial class SeedGenerator
{
    /// <summary>The instant seeded rows are stamped with and sample orders are placed relative to.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions DocumentJson = new(JsonSerializerDefaults.Web);

    private readonly SeedOptions _options;
    private readonly Random _random;

    public SeedGenerator(SeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
#pragma warning disable CA5394 // Seeded on purpose: reproducible demo data, not anything security-relevant.
        _random = new Random(options.Seed);
#pragma warning restore CA5394
    }

    /// <summary>Generates everything with the given options.</summary>
    public static SeedData Generate(SeedOptions? options = null) => new SeedGenerator(options ?? new SeedOptions()).Generate();

    /// <summary>Generates everything; call once per generator (the random sequence is consumed).</summary>
    public SeedData Generate()
    {
        var nodes = Nodes();
        var products = Products();
        var inventory = Inventory(nodes, products);
        var customers = Customers();
        var samples = SampleOrders(nodes, products, inventory, customers);
        return new SeedData(nodes, products, inventory, customers, samples);
    }

    private static long EpochMs => Epoch.ToUnixTimeMilliseconds();

    private static string Json(object value) => JsonSerializer.Serialize(value, DocumentJson);

#pragma warning disable CA5394 // See the constructor: a seeded generator is the point.
    private int Next(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);

    private double NextDouble() => _random.NextDouble();
#pragma warning restore CA5394

    private bool Chance(double probability) => NextDouble() < probability;

    private T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];

    private T PickWeighted<T>(IReadOnlyList<(T Item, double Weight)> items)
    {
        var roll = NextDouble() * items.Sum(i => i.Weight);
        foreach (var (item, weight) in items)
        {
            roll -= weight;
            if (roll < 0)
            {
                return item;
            }
        }
        return items[^1].Item;
    }

    private string Digits(int count)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)('0' + Next(0, 10));
        }
        return new string(chars);
    }

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static List<NodeRecord> Nodes()
    {
        return
        [
            Node("DC-RENO", "dc", "Reno Distribution Center", "US", 39.5296, -119.8138, 4000, "15:00", "America/Los_Angeles",
                6.50m, 0.35m, 0.0012m, ("1455 Greg Street", "Sparks", "NV", "89431"), hazmat: true, oversize: true),
            Node("DC-DALLAS", "dc", "Dallas Distribution Center", "US", 32.7767, -96.7970, 5000, "16:00", "America/Chicago",
                6.00m, 0.30m, 0.0011m, ("4201 Diplomacy Row", "Dallas", "TX", "75261"), hazmat: true, oversize: true),
            Node("DC-COLUMBUS", "dc", "Columbus Distribution Center", "US", 39.9612, -82.9988, 4500, "17:00", "America/New_York",
                6.25m, 0.32m, 0.0011m, ("6500 Alum Creek Drive", "Groveport", "OH", "43125"), hazmat: false, oversize: true),
            Node("DC-VENLO", "dc", "Venlo European Distribution Center", "NL", 51.3704, 6.1724, 3500, "14:00", "Europe/Amsterdam",
                5.50m, 0.28m, 0.0015m, ("Trade Port Noord 50", "Venlo", "LI", "5961 NB"), hazmat: true, oversize: true),
            Node("STORE-LONDON", "store", "London Oxford Street Store", "GB", 51.5152, -0.1418, 300, "13:00", "Europe/London",
                8.00m, 0.90m, 0.0020m, ("214 Oxford Street", "London", "Greater London", "W1D 1LA"), hazmat: false, oversize: false),
            Node("VENDOR-ACME", "dropship", "Acme Supply (drop-ship)", "US", 41.8781, -87.6298, 800, "12:00", "America/Chicago",
                9.50m, 1.10m, 0.0010m, ("300 W Adams Street", "Chicago", "IL", "60606"), hazmat: false, oversize: true),
        ];
    }

    private static NodeRecord Node(
        string id, string kind, string name, string country, double latitude, double longitude, int capacity, string cutoff, string timeZone,
        decimal costPerShipment, decimal costPerUnit, decimal costPerKm, (string Line1, string City, string Region, string PostalCode) address,
        bool hazmat, bool oversize)
    {
        var document = new JsonObject
        {
            ["cutoff"] = cutoff,
            ["timeZone"] = timeZone,
            ["costPerShipment"] = costPerShipment,
            ["costPerUnit"] = costPerUnit,
            ["costPerKm"] = costPerKm,
            ["shipFromStore"] = kind == "store",
            ["hazmatAllowed"] = hazmat,
            ["oversizeAllowed"] = oversize,
            ["address"] = new JsonObject
            {
                ["name"] = name,
                ["line1"] = address.Line1,
                ["city"] = address.City,
                ["region"] = address.Region,
                ["postalCode"] = address.PostalCode,
                ["country"] = country,
                ["latitude"] = latitude,
                ["longitude"] = longitude,
            },
        };
        return new NodeRecord
        {
            Id = id,
            Kind = kind,
            Name = name,
            Country = country,
            Latitude = latitude,
            Longitude = longitude,
            CapacityPerDay = capacity,
            Document = document.ToJsonString(),
        };
    }
}
