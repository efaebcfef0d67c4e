namespace OmsFlow.Templates.Labels;

/// <summary>GS1 Serial Shipping Container Codes: 18 digits, the last a mod-10 check digit, carried under AI 00.</summary>
public static class Sscc
{
    /// <summary>Computes the GS1 mod-10 check digit of the first 17 digits.</summary>
    /// <remarks>From the right, digits are weighted 3, 1, 3, ...; the check digit brings the sum to a multiple of ten.</remarks>
    public static int CheckDigit(ReadOnlySpan<char> seventeenDigits)
    {
        if (seventeenDigits.Length != 17)
        {
            throw new ArgumentException($"An SSCC body has 17 digits; got {seventeenDigits.Length}.", nameof(seventeenDigits));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var c = seventeenDigits[i];
            if (c is < '0' or > '9')
            {
                throw new ArgumentException($"An SSCC holds digits only; '{c}' at position {i + 1}.", nameof(seventeenDigits));
            }

            var weight = (17 - i) % 2 == 1 ? 3 : 1;
            sum += (c - '0') * weight;
        }

        return (10 - (sum % 10)) % 10;
    }

    /// <summary>Builds the 18-digit SSCC from extension digit, GS1 company prefix and serial reference.</summary>
    public static string Create(int extensionDigit, string companyPrefix, long serialReference)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(extensionDigit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(extensionDigit, 9);
        ArgumentNullException.ThrowIfNull(companyPrefix);
        ArgumentOutOfRangeException.ThrowIfNegative(serialReference);
        var serialLength = 16 - companyPrefix.Length;
        var serial = serialReference.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (companyPrefix.Length is < 6 or > 12 || serial.Length > serialLength)
        {
            throw new ArgumentException($"Company prefix ({companyPrefix.Length} digits) and serial ({serial.Length} digits) must fit 16 digits.", nameof(serialReference));
        }

        return Complete(extensionDigit.ToString(System.Globalization.CultureInfo.InvariantCulture) + companyPrefix + serial.PadLeft(serialLength, '0'));
    }

    /// <summary>Appends the check digit to a 17-digit body; an 18-digit value is validated and returned.</summary>
    public static string Complete(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Length == 18)
        {
            return IsValid(digits) ? digits : throw new ArgumentException($"SSCC {digits} has a wrong check digit; expected {CheckDigit(digits.AsSpan(0, 17))}.", nameof(digits));
        }

        return digits + (char)('0' + CheckDigit(digits));
    }

    /// <summary>True when <paramref name="sscc"/> has 18 digits and a correct check digit.</summary>
    public static bool IsValid(string sscc) =>
        sscc is { Length: 18 } && sscc.All(char.IsAsciiDigit) && CheckDigit(sscc.AsSpan(0, 17)) == sscc[17] - '0';

    /// <summary>The human-readable form printed under the barcode: <c>(00) 3 1234567 000000001 8</c> style grouping.</summary>
    public static string HumanReadable(string sscc, int companyPrefixLength = 7)
    {
        ArgumentNullException.ThrowIfNull(sscc);
        return $"(00) {sscc[0]} {sscc.Substring(1, companyPrefixLength)} {sscc.Substring(1 + companyPrefixLength, 16 - companyPrefixLength)} {sscc[17]}";
    }
}
