using System.Globalization;

namespace OmsFlow.Orders.Seed;

/// <summary>
/// Check digits of the identifiers the seed data carries: GS1 mod-10 (GTIN-13) and the VAT id checksums of the
/// countries customers are generated in (GB, DE, NL, FR), so validation rules that check them accept seeded data.
/// </summary>
public static class CheckDigits
{
    /// <summary>The GS1 mod-10 check digit of <paramref name="digits"/> (a GTIN without its last digit).</summary>
    public static int Gs1(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var sum = 0;
        // Weights alternate 3, 1, ... starting from the rightmost digit of the body.
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            sum += digit * (i % 2 == 0 ? 3 : 1);
        }
        return (10 - (sum % 10)) % 10;
    }

    /// <summary>True for a 13-digit GTIN whose last digit is its GS1 check digit.</summary>
    public static bool IsValidGtin13(string? gtin)
        => gtin is { Length: 13 } && gtin.All(char.IsAsciiDigit) && Gs1(gtin[..12]) == gtin[12] - '0';

    /// <summary>A VAT id for <paramref name="country"/> built from <paramref name="body"/> (digits; length per country) with its check.</summary>
    /// <exception cref="ArgumentException">The country has no VAT id scheme here.</exception>
    public static string VatId(string country, string body) => country switch
    {
        "GB" => "GB" + body[..7] + GbCheck(body[..7]).ToString("00", CultureInfo.InvariantCulture),
        "DE" => "DE" + body[..8] + DeCheck(body[..8]).ToString(CultureInfo.InvariantCulture),
        "NL" => "NL" + NlBody(body) + "B01",
        "FR" => "FR" + FrKey(body[..9]).ToString("00", CultureInfo.InvariantCulture) + body[..9],
        _ => throw new ArgumentException($"No VAT id scheme for country '{country}'.", nameof(country)),
    };

    /// <summary>True if <paramref name="vatId"/> is a well-formed GB, DE, NL or FR VAT id whose check digits are right.</summary>
    public static bool IsValidVatId(string? vatId)
    {
        if (vatId is null || vatId.Length < 4)
        {
            return false;
        }
        var country = vatId[..2];
        var rest = vatId[2..];
        return country switch
        {
            "GB" => rest.Length == 9 && rest.All(char.IsAsciiDigit) && GbCheck(rest[..7]) == Number(rest[7..]),
            "DE" => rest.Length == 9 && rest.All(char.IsAsciiDigit) && DeCheck(rest[..8]) == rest[8] - '0',
            "NL" => rest.Length == 12 && rest[..9].All(char.IsAsciiDigit) && rest[9] == 'B' && rest[10..].All(char.IsAsciiDigit) && NlWeightedSum(rest[..9]) % 11 == 0,
            "FR" => rest.Length == 11 && rest.All(char.IsAsciiDigit) && FrKey(rest[2..]) == Number(rest[..2]),
            _ => false,
        };
    }

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    // GB (HMRC, classic scheme): weights 8..2 over seven digits, plus the check, sum to a multiple of 97.
    private static int GbCheck(string seven)
    {
        var sum = 0;
        for (var i = 0; i < 7; i++)
        {
            sum += (seven[i] - '0') * (8 - i);
        }
        var check = (97 - (sum % 97)) % 97;
        return check;
    }

    // DE: ISO 7064 MOD 11,10 over the eight-digit body.
    private static int DeCheck(string eight)
    {
        var product = 10;
        foreach (var c in eight)
        {
            var sum = (c - '0' + product) % 10;
            if (sum == 0)
            {
                sum = 10;
            }
            product = 2 * sum % 11;
        }
        var check = 11 - product;
        return check == 10 ? 0 : check;
    }

    // NL: nine digits with weights 9..2 and -1 whose sum is a multiple of 11; the ninth digit is chosen to make it so.
    private static string NlBody(string body)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var eight = ((Number(body[..8]) + attempt) % 100_000_000).ToString("00000000", CultureInfo.InvariantCulture);
            var partial = 0;
            for (var i = 0; i < 8; i++)
            {
                partial += (eight[i] - '0') * (9 - i);
            }
            var last = partial % 11;
            if (last <= 9)
            {
                return eight + last.ToString(CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException("No NL VAT body found within ten candidates.");
    }

    private static int NlWeightedSum(string nine)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (nine[i] - '0') * (9 - i);
        }
        return sum - (nine[8] - '0');
    }

    // FR: the key is (12 + 3 x (SIREN mod 97)) mod 97.
    private static int FrKey(string siren) => (int)((12 + (3 * (long.Parse(siren, CultureInfo.InvariantCulture) % 97))) % 97);
}
