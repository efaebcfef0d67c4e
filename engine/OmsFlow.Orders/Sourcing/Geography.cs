using System.Globalization;
using OmsFlow.Orders.Model;

namespace OmsFlow.Orders.Sourcing;

/// <summary>Where an address is (its coordinates, or its country's centre) and whether a node is past its cut-off.</summary>
public static class Geography
{
    private static readonly Dictionary<string, (double Lat, double Lon)> CountryCentres = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = (39.8, -98.6), ["CA"] = (56.1, -106.3), ["GB"] = (54.0, -2.0), ["IE"] = (53.4, -8.2), ["NL"] = (52.1, 5.3),
        ["BE"] = (50.6, 4.7), ["LU"] = (49.8, 6.1), ["DE"] = (51.2, 10.4), ["FR"] = (46.6, 2.2), ["ES"] = (40.2, -3.7),
        ["IT"] = (42.8, 12.6), ["AT"] = (47.6, 14.1), ["CH"] = (46.8, 8.2), ["DK"] = (56.0, 10.0), ["SE"] = (62.0, 15.0),
        ["PL"] = (52.1, 19.4), ["MX"] = (23.6, -102.6),
    };

    /// <summary>The address's coordinates, else its country's centre, else unknown.</summary>
    public static (double? Latitude, double? Longitude) Locate(Address? address)
    {
        if (address?.Latitude is { } lat && address.Longitude is { } lon)
        {
            return (lat, lon);
        }
        return address?.Country is { } country && CountryCentres.TryGetValue(country, out var centre) ? (centre.Lat, centre.Lon) : (null, null);
    }

    /// <summary>Whether <paramref name="now"/> is past the node's daily cut-off ("15:00") in its time zone.</summary>
    public static bool PastCutoff(string? cutoff, string? timeZone, DateTimeOffset now)
    {
        if (!TimeOnly.TryParse(cutoff, CultureInfo.InvariantCulture, out var at))
        {
            return false;
        }
        var local = now;
        if (!string.IsNullOrEmpty(timeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            local = TimeZoneInfo.ConvertTime(now, zone);
        }
        return TimeOnly.FromDateTime(local.DateTime) >= at;
    }
}
