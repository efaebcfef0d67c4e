using System.Text.Json;

namespace OmsFlow.Templates.Helpers;

/// <summary>A postal address as templates and documents use it.</summary>
public sealed record PostalAddress
{
    public string? Name { get; init; }
    public string? Company { get; init; }
    public string? Line1 { get; init; }
    public string? Line2 { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? PostalCode { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string? Country { get; init; }
}

/// <summary>Lays out addresses the way the destination country's post expects.</summary>
public static class AddressFormatter
{
    private static readonly Dictionary<string, string> CountryNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = "UNITED STATES", ["CA"] = "CANADA", ["GB"] = "UNITED KINGDOM", ["NL"] = "NETHERLANDS",
        ["DE"] = "GERMANY", ["FR"] = "FRANCE", ["BE"] = "BELGIUM", ["IE"] = "IRELAND", ["ES"] = "SPAIN", ["IT"] = "ITALY",
    };

    /// <summary>The address lines, top to bottom. The country line is added when it differs from <paramref name="originCountry"/>.</summary>
    /// <remarks>
    /// US/CA/AU: "City REGION POSTCODE"; GB/IE: town and postcode on their own lines; most of Europe: "POSTCODE City".
    /// </remarks>
    public static IReadOnlyList<string> Lines(PostalAddress address, string? originCountry = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var lines = new List<string>(7);
        Add(lines, address.Name);
        Add(lines, address.Company);
        Add(lines, address.Line1);
        Add(lines, address.Line2);
        var country = address.Country?.ToUpperInvariant();
        switch (country)
        {
            case "US" or "CA" or "AU":
                Add(lines, Join(" ", Join(" ", address.City, address.Region), address.PostalCode));
                break;
            case "GB" or "IE":
                Add(lines, address.City?.ToUpperInvariant());
                Add(lines, address.Region);
                Add(lines, address.PostalCode);
                break;
            default:
                Add(lines, Join(" ", address.PostalCode, address.City));
                Add(lines, address.Region);
                break;
        }

        if (country is { Length: > 0 } && !string.Equals(country, originCountry, StringComparison.OrdinalIgnoreCase))
        {
            lines.Add(CountryNames.TryGetValue(country, out var name) ? name : country);
        }

        return lines;
    }

    /// <summary>Reads an address from a typed <see cref="PostalAddress"/>, a JSON object or a string dictionary.</summary>
    public static PostalAddress? From(object? value) => HelperValue.Unwrap(value) switch
    {
        PostalAddress address => address,
        JsonElement { ValueKind: JsonValueKind.Object } json => new PostalAddress
        {
            Name = Text(json, "name"),
            Company = Text(json, "company"),
            Line1 = Text(json, "line1"),
            Line2 = Text(json, "line2"),
            City = Text(json, "city"),
            Region = Text(json, "region"),
            PostalCode = Text(json, "postalCode"),
            Country = Text(json, "country"),
        },
        IReadOnlyDictionary<string, object?> map => new PostalAddress
        {
            Name = Text(map, "name"),
            Company = Text(map, "company"),
            Line1 = Text(map, "line1"),
            Line2 = Text(map, "line2"),
            City = Text(map, "city"),
            Region = Text(map, "region"),
            PostalCode = Text(map, "postalCode"),
            Country = Text(map, "country"),
        },
        _ => null,
    };

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Text(IReadOnlyDictionary<string, object?> map, string name) =>
        map.TryGetValue(name, out var value) ? HelperValue.AsString(value) : null;

    private static string? Join(string separator, string? left, string? right) =>
        string.IsNullOrWhiteSpace(left) ? right : string.IsNullOrWhiteSpace(right) ? left : left + separator + right;

    private static void Add(List<string> lines, string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            lines.Add(line.Trim());
        }
    }
}
