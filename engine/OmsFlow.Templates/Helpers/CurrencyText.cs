using System.Globalization;

namespace OmsFlow.Templates.Helpers;

/// <summary>
/// Writes an amount exactly as <c>decimal.ToString("C", format)</c> does, without its general-purpose number
/// formatting: an invoice or confirmation email prints hundreds of amounts, and this is several times faster. Amounts
/// it does not cover (other group sizes, zero, more than four decimals, huge values) go to <c>ToString("C")</c>.
/// </summary>
internal static class CurrencyText
{
    // .NET's currency patterns: '$' is the symbol, 'n' the number and '-' the negative sign.
    private static readonly string[] PositivePatterns = ["$n", "n$", "$ n", "n $"];

    private static readonly string[] NegativePatterns =
    [
        "($n)", "-$n", "$-n", "$n-", "(n$)", "-n$", "n-$", "n$-", "-n $", "-$ n", "n $-", "$ n-", "$ -n", "n- $", "($ n)", "(n $)", "$- n",
    ];

    private static readonly long[] Scales = [1, 10, 100, 1_000, 10_000];

    private static readonly string[] FractionFormats = ["", "0", "00", "000", "0000"];

    public static string Format(decimal amount, NumberFormatInfo format)
    {
        var digits = format.CurrencyDecimalDigits;
        if (digits >= Scales.Length || format.CurrencyGroupSizes is not [3]
            || format.CurrencyPositivePattern >= PositivePatterns.Length || format.CurrencyNegativePattern >= NegativePatterns.Length)
        {
            return amount.ToString("C", format);
        }

        // Formatting rounds half away from zero on the exact decimal digits, which decimal.Round reproduces.
        var rounded = decimal.Round(amount, digits, MidpointRounding.AwayFromZero);
        var magnitude = Math.Abs(rounded);
        if (rounded == 0 || magnitude >= 1_000_000_000_000m)
        {
            return amount.ToString("C", format);
        }

        var units = (long)(magnitude * Scales[digits]);
        Span<char> number = stackalloc char[48];
        var length = WriteNumber(number, units, digits, format);
        var pattern = rounded < 0 ? NegativePatterns[format.CurrencyNegativePattern] : PositivePatterns[format.CurrencyPositivePattern];
        return Apply(pattern, number[..length], format);
    }

    /// <summary>Writes the digits with group separators every three and the fraction after the decimal separator.</summary>
    private static int WriteNumber(Span<char> buffer, long units, int digits, NumberFormatInfo format)
    {
        var scale = Scales[digits];
        var whole = units / scale;
        var fraction = units % scale;
        Span<char> wholeDigits = stackalloc char[20];
        whole.TryFormat(wholeDigits, out var count, default, CultureInfo.InvariantCulture);
        var separator = format.CurrencyGroupSeparator;
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && (count - i) % 3 == 0)
            {
                separator.AsSpan().CopyTo(buffer[position..]);
                position += separator.Length;
            }

            buffer[position++] = wholeDigits[i];
        }

        if (digits > 0)
        {
            format.CurrencyDecimalSeparator.AsSpan().CopyTo(buffer[position..]);
            position += format.CurrencyDecimalSeparator.Length;
            fraction.TryFormat(buffer[position..], out var written, FractionFormats[digits], CultureInfo.InvariantCulture);
            position += written;
        }

        return position;
    }

    private static string Apply(string pattern, ReadOnlySpan<char> number, NumberFormatInfo format)
    {
        Span<char> text = stackalloc char[number.Length + format.CurrencySymbol.Length + format.NegativeSign.Length + 4];
        var position = 0;
        foreach (var c in pattern)
        {
            var part = c switch { '$' => format.CurrencySymbol.AsSpan(), 'n' => number, '-' => format.NegativeSign.AsSpan(), _ => default };
            if (part.IsEmpty && c is not ('$' or 'n' or '-'))
            {
                text[position++] = c;
                continue;
            }

            part.CopyTo(text[position..]);
            position += part.Length;
        }

        return new string(text[..position]);
    }
}
