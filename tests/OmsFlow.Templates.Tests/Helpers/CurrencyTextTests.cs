using System.Globalization;
using OmsFlow.Templates.Helpers;

namespace OmsFlow.Templates.Tests.Helpers;

/// <summary>The fast currency writer must print exactly what decimal.ToString("C") prints, for every culture and currency.</summary>
public sealed class CurrencyTextTests
{
    private static readonly string[] Cultures = ["en-US", "nl-NL", "de-DE", "de-CH", "fr-FR", "fr-CH", "en-GB", "ja-JP", "sv-SE", "pl-PL", "en-IN", "es-ES", "it-IT", "da-DK", "nb-NO", "pt-BR", "ar-SA", "he-IL", "tr-TR", "en-ZA"];

    private static readonly string[] Currencies = ["EUR", "USD", "JPY", "CHF", "GBP", "XTS"];

    private static IEnumerable<decimal> Amounts()
    {
        decimal[] fixedAmounts = [0m, 0.004m, -0.004m, 0.005m, -0.005m, 0.01m, 1m, -1m, 2.675m, 2.665m, 999.995m, 1000m, 1214.5m, -1214.5m, 1234567.125m, -98765432.105m, 999_999_999_999.99m, 1_000_000_000_000m, 12.3456789m];
        var random = new Random(20261123);
        return fixedAmounts.Concat(Enumerable.Range(0, 300).Select(_ => (decimal)Math.Round((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(0, 10)), random.Next(0, 5))));
    }

    [Fact]
    public void Format_MatchesDecimalToStringForEveryCultureCurrencyAndAmount()
    {
        var mismatches = new List<string>();
        foreach (var culture in Cultures.Select(CultureInfo.GetCultureInfo))
        {
            foreach (var currency in Currencies)
            {
                var format = MoneyFormatter.FormatFor(culture, currency);
                foreach (var amount in Amounts())
                {
                    var expected = amount.ToString("C", format);
                    var actual = CurrencyText.Format(amount, format);
                    if (expected != actual)
                    {
                        mismatches.Add($"{culture.Name} {currency} {amount}: expected '{expected}', got '{actual}'");
                    }
                }
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Format_DutchEuros_IsTheIssueExample()
    {
        Assert.Equal("€ 1.214,50", MoneyFormatter.Format(1214.5m, "EUR", CultureInfo.GetCultureInfo("nl-NL")));
    }
}
