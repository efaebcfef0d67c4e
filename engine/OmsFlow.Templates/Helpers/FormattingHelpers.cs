using System.Collections.Concurrent;
using System.Globalization;
using HandlebarsDotNet;
using OmsFlow.Templates.Rendering;

namespace OmsFlow.Templates.Helpers;

/// <summary>Culture-aware formatting helpers: money, number, percent, date/time, pluralise.</summary>
internal static class FormattingHelpers
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    public static void Register(HelperTable helpers)
    {
        // {{money amount currency}}: "€ 1.214,50" in nl-NL.
        helpers.Add("money", (context, arguments) =>
        {
            Require(arguments, 2, "money", "{{money amount currency}}");
            if (HelperValue.IsMissing(arguments[0]))
            {
                return string.Empty;
            }

            var currency = HelperValue.AsString(arguments[1]) ?? throw new HandlebarsRuntimeException("'money' needs an ISO currency code such as \"EUR\".");
            return MoneyFormatter.Format(HelperValue.AsDecimal(arguments[0], "money"), currency, HelperValue.Culture(arguments));
        });

        // {{number value decimals}}: grouping and decimal separators of the culture.
        helpers.Add("number", (context, arguments) =>
        {
            Require(arguments, 1, "number", "{{number value [decimals]}}");
            if (HelperValue.IsMissing(arguments[0]))
            {
                return string.Empty;
            }

            var value = HelperValue.AsDecimal(arguments[0], "number");
            var decimals = HelperValue.Count(arguments) > 1 ? (int)HelperValue.AsDecimal(arguments[1], "number") : (int?)null;
            return value.ToString(decimals is { } d ? "N" + d.ToString(CultureInfo.InvariantCulture) : "#,0.############", HelperValue.Culture(arguments));
        });

        // {{percent 0.21}} -> "21%"; {{percent 21 scale=100}} for values already in percent.
        helpers.Add("percent", (context, arguments) =>
        {
            Require(arguments, 1, "percent", "{{percent fraction [decimals]}}");
            if (HelperValue.IsMissing(arguments[0]))
            {
                return string.Empty;
            }

            var value = HelperValue.AsDecimal(arguments[0], "percent");
            if (HelperValue.HashString(arguments, "scale") == "100")
            {
                value /= 100m;
            }

            var decimals = HelperValue.Count(arguments) > 1 ? (int)HelperValue.AsDecimal(arguments[1], "percent") : DecimalsOf(value * 100m);
            return value.ToString("P" + decimals.ToString(CultureInfo.InvariantCulture), HelperValue.Culture(arguments));
        });

        helpers.Add("date", (context, arguments) => FormatDate(arguments, "date", "D"));
        helpers.Add("datetime", (context, arguments) => FormatDate(arguments, "datetime", "f"));
        helpers.Add("time", (context, arguments) => FormatDate(arguments, "time", "t"));

        // {{pluralise count "parcel" "parcels"}} -> "parcels"; add includeCount=true for "3 parcels".
        HandlebarsReturnHelper pluralise = (context, arguments) =>
        {
            Require(arguments, 2, "pluralise", "{{pluralise count singular [plural]}}");
            var count = HelperValue.AsDecimal(arguments[0], "pluralise");
            var singular = HelperValue.AsString(arguments[1]) ?? string.Empty;
            var plural = HelperValue.Count(arguments) > 2 ? HelperValue.AsString(arguments[2]) ?? singular : singular + "s";
            var word = count == 1 ? singular : plural;
            return HelperValue.HashString(arguments, "includeCount") is "true" or "True"
                ? count.ToString("#,0.##", HelperValue.Culture(arguments)) + " " + word
                : word;
        };
        helpers.Add("pluralise", pluralise);
        helpers.Add("pluralize", pluralise);
    }

    /// <summary>{{date value [format]}} with format a .NET pattern ("d", "dd MMM yyyy"); tz="Europe/Amsterdam" overrides the zone.</summary>
    private static string FormatDate(Arguments arguments, string helper, string defaultFormat)
    {
        Require(arguments, 1, helper, "{{" + helper + " value [format]}}");
        if (HelperValue.IsMissing(arguments[0]))
        {
            return string.Empty;
        }

        if (!HelperValue.TryDate(arguments[0], out var value))
        {
            throw new HandlebarsRuntimeException($"'{helper}' expects an ISO 8601 date such as 2026-11-23T10:15:00Z but got '{HelperValue.AsString(arguments[0])}'.");
        }

        // A due date of 2026-12-22 is that day everywhere; shifting it to New York time would print the 21st.
        var zone = HelperValue.HashString(arguments, "tz") is { Length: > 0 } id ? Zone(id) : RenderScope.Current.TimeZone;
        var local = HelperValue.IsDateOnly(arguments[0]) ? value : TimeZoneInfo.ConvertTime(value, zone);
        var format = HelperValue.Count(arguments) > 1 ? HelperValue.AsString(arguments[1]) ?? defaultFormat : defaultFormat;
        return local.ToString(format, HelperValue.Culture(arguments));
    }

    private static TimeZoneInfo Zone(string id) => Zones.GetOrAdd(id, TimeZoneInfo.FindSystemTimeZoneById);

    private static int DecimalsOf(decimal value)
    {
        var scaled = value - decimal.Truncate(value);
        var decimals = 0;
        while (scaled != 0 && decimals < 4)
        {
            scaled *= 10;
            scaled -= decimal.Truncate(scaled);
            decimals++;
        }

        return decimals;
    }

    internal static void Require(Arguments arguments, int count, string helper, string usage)
    {
        if (HelperValue.Count(arguments) < count)
        {
            throw new HandlebarsRuntimeException($"'{helper}' needs {count} argument(s): {usage}.");
        }
    }
}
