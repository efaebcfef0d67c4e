namespace OmsFlow.Orders.Seed;

/// <summary>A real city customers and nodes are placed in: region, a postal code there, and its coordinates.</summary>
public sealed record City(string Country, string Name, string Region, string PostalCode, double Latitude, double Longitude);

/// <summary>The countries seed customers live in, with their currency and cities (real coordinates, so distances mean something).</summary>
public static class Geography
{
    /// <summary>Country code to the currency customers there pay in.</summary>
    public static IReadOnlyDictionary<string, string> Currencies { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["US"] = "USD",
        ["CA"] = "CAD",
        ["GB"] = "GBP",
        ["DE"] = "EUR",
        ["NL"] = "EUR",
        ["FR"] = "EUR",
    };

    /// <summary>Share of customers per country (most are in the US, as most nodes are).</summary>
    public static IReadOnlyList<(string Country, double Weight)> CustomerMix { get; } =
    [
        ("US", 0.55), ("CA", 0.1), ("GB", 0.12), ("DE", 0.1), ("NL", 0.07), ("FR", 0.06),
    ];

    public static IReadOnlyList<City> Cities { get; } =
    [
        new("US", "New York", "NY", "10001", 40.7506, -73.9972),
        new("US", "Los Angeles", "CA", "90012", 34.0614, -118.2385),
        new("US", "Chicago", "IL", "60601", 41.8853, -87.6216),
        new("US", "Houston", "TX", "77002", 29.7569, -95.3625),
        new("US", "Phoenix", "AZ", "85004", 33.4515, -112.0686),
        new("US", "Seattle", "WA", "98101", 47.6101, -122.3344),
        new("US", "Denver", "CO", "80202", 39.7525, -104.9995),
        new("US", "Atlanta", "GA", "30303", 33.7528, -84.3916),
        new("US", "Boston", "MA", "02108", 42.3576, -71.0636),
        new("US", "Miami", "FL", "33131", 25.7663, -80.1917),
        new("US", "Minneapolis", "MN", "55401", 44.9844, -93.2696),
        new("US", "Portland", "OR", "97204", 45.5186, -122.6781),
        new("CA", "Toronto", "ON", "M5H 2N2", 43.6510, -79.3832),
        new("CA", "Vancouver", "BC", "V6B 1A1", 49.2812, -123.1097),
        new("CA", "Montreal", "QC", "H2Y 1C6", 45.5048, -73.5559),
        new("CA", "Calgary", "AB", "T2P 1J9", 51.0477, -114.0667),
        new("GB", "London", "Greater London", "EC1A 1BB", 51.5202, -0.0979),
        new("GB", "Manchester", "Greater Manchester", "M1 1AE", 53.4794, -2.2453),
        new("GB", "Birmingham", "West Midlands", "B1 1BB", 52.4796, -1.9026),
        new("GB", "Edinburgh", "Scotland", "EH1 1YZ", 55.9497, -3.1895),
        new("DE", "Berlin", "BE", "10117", 52.5163, 13.3777),
        new("DE", "Munich", "BY", "80331", 48.1374, 11.5755),
        new("DE", "Hamburg", "HH", "20095", 53.5503, 10.0007),
        new("DE", "Cologne", "NW", "50667", 50.9384, 6.9599),
        new("NL", "Amsterdam", "NH", "1012 JS", 52.3731, 4.8926),
        new("NL", "Rotterdam", "ZH", "3011 AD", 51.9225, 4.4792),
        new("NL", "Utrecht", "UT", "3511 AB", 52.0907, 5.1214),
        new("FR", "Paris", "IDF", "75001", 48.8606, 2.3376),
        new("FR", "Lyon", "ARA", "69002", 45.7578, 4.8320),
        new("FR", "Marseille", "PAC", "13001", 43.2965, 5.3698),
    ];

    public static IReadOnlyList<City> CitiesIn(string country) => [.. Cities.Where(c => c.Country == country)];
}
