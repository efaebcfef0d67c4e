using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Orders.Seed;

/// <summary>Customers: segment, demand class, currency, credit limit, VAT id (business in VAT countries), addresses.</summary>
public sealed partial class SeedGenerator
{
    private static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Sophie", "Mateo", "Mia", "Elijah", "Charlotte", "James", "Amelia", "Hugo",
        "Isla", "Finn", "Lena", "Jonas", "Chloe", "Arthur", "Zoe", "Daan", "Sara", "Leon", "Grace", "Omar", "Priya", "Wei", "Aisha", "Mateus",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Garcia", "Brown", "Miller", "Davis", "Martin", "Tremblay", "Roy", "Taylor", "Evans", "Walker", "Muller", "Schmidt",
        "Schneider", "de Jong", "Jansen", "Visser", "Bernard", "Dubois", "Moreau", "Nguyen", "Patel", "Kim", "Okafor", "Rossi", "Silva", "Cohen",
    ];

    private static readonly string[] Streets =
    [
        "Main Street", "Oak Avenue", "Maple Drive", "Park Road", "High Street", "Station Road", "Church Lane", "Elm Street", "King Street",
        "Queen Street", "Mill Road", "River Road", "Hauptstrasse", "Bahnhofstrasse", "Dorpsstraat", "Kerkstraat", "Rue de la Paix", "Rue Victor Hugo",
    ];

    private static readonly string[] CompanyWords = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Wingtip", "Adventure Works", "Litware", "Proseware", "Lucerne", "Woodgrove"];

    private static readonly (string Segment, double Weight)[] Segments = [("consumer", 0.78), ("vip", 0.08), ("business", 0.11), ("employee", 0.03)];

    private static readonly HashSet<string> VatCountries = ["GB", "DE", "NL", "FR"];

    private List<CustomerRecord> Customers()
    {
        var customers = new List<CustomerRecord>(_options.Customers);
        for (var i = 0; i < _options.Customers; i++)
        {
            var id = "C-" + (i + 1).ToString("00000", CultureInfo.InvariantCulture);
            var country = PickWeighted(Geography.CustomerMix);
            var segment = PickWeighted(Segments);
            var first = Pick(FirstNames);
            var last = Pick(LastNames);
            var person = first + " " + last;
            var company = segment == "business" ? Pick(CompanyWords) + " " + (country == "DE" ? "GmbH" : country == "NL" ? "B.V." : country == "FR" ? "SAS" : country == "GB" ? "Ltd" : "Inc.") : null;
            var demandClass = segment switch
            {
                "vip" => "A",
                "business" => Chance(0.5) ? "A" : "B",
                "employee" => "C",
                _ => Chance(0.25) ? "B" : "C",
            };
            var creditLimit = segment switch
            {
                "business" => Next(5, 21) * 5000m,
                "vip" => 10000m,
                "employee" => 1500m,
                _ => 2500m,
            };
            var vatId = segment == "business" && VatCountries.Contains(country) ? CheckDigits.VatId(country, Digits(9)) : null;
            var emailLocal = (first + "." + last).ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal) + (i + 1).ToString(CultureInfo.InvariantCulture);
            var shipping = AddressFor(country, company is null ? person : person + ", " + company, "shipping");
            var addresses = new JsonArray { shipping };
            if (segment == "business" || Chance(0.15))
            {
                addresses.Add(AddressFor(country, company ?? person, "billing"));
            }
            var document = new JsonObject
            {
                ["firstName"] = first,
                ["lastName"] = last,
                ["company"] = company,
                ["phone"] = Phone(country),
                ["language"] = country switch { "DE" => "de", "NL" => "nl", "FR" => "fr", _ => "en" },
                ["marketingOptIn"] = Chance(0.4),
                ["addresses"] = addresses,
            };
            customers.Add(new CustomerRecord
            {
                Id = id,
                Name = company ?? person,
                Email = emailLocal + "@example.com",
                Segment = segment,
                DemandClass = demandClass,
                CreditLimit = creditLimit,
                Currency = Geography.Currencies[country],
                VatId = vatId,
                Country = country,
                Document = document.ToJsonString(),
            });
        }
        return customers;
    }

    private JsonObject AddressFor(string country, string name, string type)
    {
        var city = Pick(Geography.CitiesIn(country));
        var number = Next(1, 400).ToString(CultureInfo.InvariantCulture);
        var street = Pick(Streets);
        // Spread addresses around the city centre (about +-10 km) so no two customers sit on the same point.
        var latitude = Math.Round(city.Latitude + ((NextDouble() - 0.5) * 0.18), 5);
        var longitude = Math.Round(city.Longitude + ((NextDouble() - 0.5) * 0.18), 5);
        return new JsonObject
        {
            ["type"] = type,
            ["default"] = true,
            ["name"] = name,
            ["line1"] = country is "US" or "CA" or "GB" ? number + " " + street : street + " " + number,
            ["city"] = city.Name,
            ["region"] = city.Region,
            ["postalCode"] = city.PostalCode,
            ["country"] = country,
            ["latitude"] = latitude,
            ["longitude"] = longitude,
        };
    }

    private string Phone(string country) => country switch
    {
        "US" or "CA" => "+1 555 01" + Digits(2) + " " + Digits(4),
        "GB" => "+44 20 7946 0" + Digits(3),
        "DE" => "+49 30 " + Digits(8),
        "NL" => "+31 20 " + Digits(7),
        _ => "+33 1 " + Digits(8),
    };
}
