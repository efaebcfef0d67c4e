using System.Collections.Concurrent;
using System.Globalization;

namespace OmsFlow.Templates.Helpers;

/// <summary>Formats amounts in an ISO 4217 currency the way a culture writes money (<c>€ 1.214,50</c> in nl-NL).</summary>
public static class MoneyFormatter
{
    private static readonly ConcurrentDictionary<(CultureInfo Culture, string Currency), NumberFormatInfo> Formats = new();

    // An email formats hundreds of amounts in one culture and currency. Hashing a CultureInfo key costs three times
    // the formatting itself, so each thread remembers the format it used last.
    [ThreadStatic]
    private static LastFormat? last;

    private static readonly Dictionary<string, (string Symbol, int Digits)> Currencies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EUR"] = ("€", 2),
        ["USD"] = ("US$", 2),
        ["GBP"] = ("£", 2),
        ["CAD"] = ("CA$", 2),
        ["AUD"] = ("A$", 2),
        ["JPY"] = ("¥", 0),
        ["CHF"] = ("CHF", 2),
        ["SEK"] = ("SEK", 2),
        ["DKK"] = ("DKK", 2),
        ["NOK"] = ("NOK", 2),
        ["PLN"] = ("PLN", 2),
        ["CNY"] = ("CN¥", 2),
    };

    /// <summary>Formats <paramref name="amount"/> in <paramref name="currency"/> for <paramref name="culture"/>.</summary>
    /// <remarks>
    /// A culture's own currency keeps its local symbol (<c>$</c> in en-US for USD, <c>$</c> in en-CA for CAD);
    /// a foreign one gets an unambiguous symbol (<c>US$</c> in nl-NL). Unknown ISO codes print as the code.
    /// </remarks>
    public static string Format(decimal amount, string currency, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(currency);
        ArgumentNullException.ThrowIfNull(culture);
        return amount.ToString("C", FormatFor(culture, currency));
    }

    /// <summary>The number format of <paramref name="currency"/> in <paramref name="culture"/>: its symbol, digits and patterns.</summary>
    internal static NumberFormatInfo FormatFor(CultureInfo culture, string currency)
    {
        var remembered = last;
        if (remembered is null || !ReferenceEquals(remembered.Culture, culture) || !string.Equals(remembered.Currency, currency, StringComparison.Ordinal))
        {
            var format = Formats.GetOrAdd((culture, currency), static key => Create(key.Culture, key.Currency.ToUpperInvariant()));
            last = remembered = new LastFormat(culture, currency, format);
        }

        return remembered.Format;
    }

    private sealed record LastFormat(CultureInfo Culture, string Currency, NumberFormatInfo Format);

    private static NumberFormatInfo Create(CultureInfo culture, string currency)
    {
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        var known = Currencies.TryGetValue(currency, out var info);
        format.CurrencyDecimalDigits = known ? info.Digits : 2;
        format.CurrencySymbol = LocalCurrency(culture) == currency ? culture.NumberFormat.CurrencySymbol : known ? info.Symbol : currency;
        return NumberFormatInfo.ReadOnly(format);
    }

    private static string? LocalCurrency(CultureInfo culture)
    {
        if (culture.IsNeutralCulture || culture.Name.Length == 0)
        {
            return null;
        }

        try
        {
            return new RegionInfo(culture.Name).ISOCurrencySymbol;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
