using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace OmsFlow.Templates.Rendering.Direct;

/// <summary>
/// JSON strings and numbers written from the document's UTF-8 in one pass: unescaping, transcoding and HTML encoding
/// at once, and plain decimal numbers copied digit by digit with the culture's separators. Every shortcut produces what
/// <see cref="JsonElement.GetString"/> plus encoding, or <c>decimal.ToString</c>, produce; anything else takes the
/// general path.
/// </summary>
internal sealed partial class DirectRun
{
    // Decimals hold 28 significant digits exactly, so a JSON number of at most 28 digits prints back as written.
    private const int MaxExactDigits = 28;

    // ASCII bytes copied as they are: everything but the JSON escape character (and, for HTML, what HTML encoding changes).
    private static readonly SearchValues<byte> PlainTextBytes = SearchValues.Create(AsciiExcept("\\"));
    private static readonly SearchValues<byte> PlainHtmlBytes = SearchValues.Create(AsciiExcept("\\&<>\"'`="));

    // The same sets as lookup tables over every byte value (non-ASCII bytes stop the copy too), for short strings.
    private static readonly bool[] TextStops = StopTable(PlainTextBytes);
    private static readonly bool[] HtmlStops = StopTable(PlainHtmlBytes);

    private const int ShortText = 48;

    private static readonly SearchValues<char> ZplSpecials = SearchValues.Create("^~_\r\n");

    private string _numberDecimalSeparator = ".";
    private bool _numberDecimalEncoded;
    private MoneyLayout _moneyLayout;

    private static bool[] StopTable(SearchValues<byte> plain) => [.. Enumerable.Range(0, 256).Select(b => !plain.Contains((byte)b))];

    private static byte[] AsciiExcept(string excluded) =>
        [.. Enumerable.Range(0, 128).Where(b => !excluded.Contains((char)b, StringComparison.Ordinal)).Select(b => (byte)b)];

    /// <summary>Writes a JSON string's content (without its quotes) unescaped and encoded for HTML or as plain text.</summary>
    private void WriteJsonStringContent(ReadOnlySpan<byte> utf8, bool html)
    {
        var plain = html ? PlainHtmlBytes : PlainTextBytes;
        var stops = html ? HtmlStops : TextStops;
        while (!utf8.IsEmpty)
        {
            int stop;
            if (utf8.Length <= ShortText)
            {
                // Names, SKUs, codes: one scalar pass that copies while it scans beats setting up the vector search.
                var target = Output.GetSpan(utf8.Length);
                for (stop = 0; stop < utf8.Length && !stops[utf8[stop]]; stop++)
                {
                    target[stop] = (char)utf8[stop];
                }

                Output.Advance(stop);
                if (stop == utf8.Length)
                {
                    return;
                }
            }
            else
            {
                stop = utf8.IndexOfAnyExcept(plain);
                if (stop < 0)
                {
                    WriteAscii(utf8);
                    return;
                }

                WriteAscii(utf8[..stop]);
            }

            utf8 = utf8[stop..];
            var first = utf8[0];
            if (first >= 0x80)
            {
                var end = utf8.IndexOfAnyInRange((byte)0, (byte)0x7F);
                var run = end < 0 ? utf8 : utf8[..end];
                Output.Advance(Encoding.UTF8.GetChars(run, Output.GetSpan(run.Length)));
                utf8 = utf8[run.Length..];
            }
            else if (first == '\\')
            {
                utf8 = WriteEscape(utf8, html);
            }
            else
            {
                Output.Append(HtmlEntity((char)first));
                utf8 = utf8[1..];
            }
        }
    }

    /// <summary>Writes the character of the escape sequence at the start of <paramref name="utf8"/>; returns the rest.</summary>
    private ReadOnlySpan<byte> WriteEscape(ReadOnlySpan<byte> utf8, bool html)
    {
        var c = utf8[1] switch
        {
            (byte)'n' => '\n',
            (byte)'r' => '\r',
            (byte)'t' => '\t',
            (byte)'b' => '\b',
            (byte)'f' => '\f',
            (byte)'u' => (char)Hex(utf8.Slice(2, 4)),
            var other => (char)other,
        };

        var length = utf8[1] == 'u' ? 6 : 2;
        if (char.IsSurrogate(c))
        {
            // A surrogate pair is two escapes; a lone half is text GetString refuses, so the render is left to Handlebars.Net.
            if (!char.IsHighSurrogate(c) || utf8.Length < 12 || utf8[6] != '\\' || utf8[7] != 'u' || !char.IsLowSurrogate((char)Hex(utf8.Slice(8, 4))))
            {
                throw new DirectUnsupportedException("a JSON string with an unpaired surrogate");
            }

            Output.Append(c);
            Output.Append((char)Hex(utf8.Slice(8, 4)));
            return utf8[12..];
        }

        if (html && c is '&' or '<' or '>' or '"' or '\'' or '`' or '=')
        {
            Output.Append(HtmlEntity(c));
        }
        else
        {
            Output.Append(c);
        }

        return utf8[length..];
    }

    private static int Hex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value << 4) | digit switch
            {
                >= (byte)'0' and <= (byte)'9' => digit - '0',
                >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
                _ => throw new DirectUnsupportedException("a malformed JSON escape"),
            };
        }

        return value;
    }

    private static string HtmlEntity(char c) => c switch
    {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&#x27;",
        '`' => "&#x60;",
        _ => "&#x3D;",
    };

    private void WriteAscii(ReadOnlySpan<byte> ascii)
    {
        var target = Output.GetSpan(ascii.Length);
        if (ascii.Length <= 16)
        {
            // Digits and short names: a loop beats the call into the vectorised widening.
            for (var i = 0; i < ascii.Length; i++)
            {
                target[i] = (char)ascii[i];
            }
        }
        else
        {
            Encoding.Latin1.GetChars(ascii, target);
        }

        Output.Advance(ascii.Length);
    }

    /// <summary>
    /// Splits a JSON number written as plain digits with an optional fraction (no sign, no exponent, at most 28 digits):
    /// such a number parses to a decimal with exactly these digits and scale, so it prints back as written.
    /// </summary>
    private static bool TrySplitPlainNumber(JsonElement json, out ReadOnlySpan<byte> integer, out ReadOnlySpan<byte> fraction)
    {
        var text = JsonMarshal.GetRawUtf8Value(json);
        integer = text;
        fraction = default;
        if (text.Length is 0 or > MaxExactDigits + 1)
        {
            return false;
        }

        // Numbers are short: a scalar scan for the one allowed non-digit, the decimal point.
        var dot = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= (byte)'0' and <= (byte)'9')
            {
                continue;
            }

            if (c != '.' || dot >= 0 || i == 0 || i == text.Length - 1)
            {
                return false;
            }

            dot = i;
        }

        if (dot < 0)
        {
            return text.Length <= MaxExactDigits;
        }

        integer = text[..dot];
        fraction = text[(dot + 1)..];
        return true;
    }

    /// <summary>A plain JSON number as <c>decimal.ToString</c> prints it: the digits, with the culture's decimal separator.</summary>
    private bool TryWritePlainNumber(JsonElement json, bool raw)
    {
        if (!TrySplitPlainNumber(json, out var integer, out var fraction))
        {
            return false;
        }

        WriteAscii(integer);
        if (!fraction.IsEmpty)
        {
            WriteAffix(_numberDecimalSeparator, _numberDecimalEncoded && !raw);
            WriteAscii(fraction);
        }

        return true;
    }

    /// <summary>
    /// A non-negative plain JSON amount with no more decimals than the currency has, as the <c>C</c> format prints it:
    /// grouped whole part, decimals padded with zeros, the symbol where the culture's positive pattern puts it.
    /// Negative amounts and amounts that need rounding are formatted by .NET.
    /// </summary>
    private bool TryWritePlainMoney(JsonElement json, bool raw)
    {
        ref readonly var layout = ref _moneyLayout;
        if (!TrySplitPlainNumber(json, out var integer, out var fraction) || fraction.Length > layout.Digits)
        {
            return false;
        }

        var encode = layout.Encode && !raw;
        if (layout.Prefix.Length > 0)
        {
            WriteAffix(layout.Prefix, encode);
        }

        WriteGrouped(integer, layout.GroupSizes, layout.GroupSeparator, encode);
        if (layout.Digits > 0)
        {
            WriteAffix(layout.DecimalSeparator, encode);
            WriteAscii(fraction);
            var padding = layout.Digits - fraction.Length;
            Output.GetSpan(padding)[..padding].Fill('0');
            Output.Advance(padding);
        }

        if (layout.Suffix.Length > 0)
        {
            WriteAffix(layout.Suffix, encode);
        }

        return true;
    }

    /// <summary>A culture string (symbol, separator): appended as it is unless it holds a character the mode encodes.</summary>
    private void WriteAffix(string text, bool encode)
    {
        if (encode)
        {
            WriteText(text, raw: false);
        }
        else
        {
            Output.Append(text);
        }
    }

    /// <summary>Whether <paramref name="text"/> has a character this render's mode encodes (HTML specials, ZPL field characters).</summary>
    private bool NeedsEncoding(string text) => _mode switch
    {
        OutputMode.Html => text.AsSpan().ContainsAny(HtmlSpecials),
        OutputMode.Zpl => text.AsSpan().ContainsAny(ZplSpecials),
        _ => false,
    };

    /// <summary>What the plain money shortcut needs from a currency format, read once per render and currency.</summary>
    private readonly struct MoneyLayout(NumberFormatInfo format, bool encode)
    {
        public string Prefix { get; } = format.CurrencyPositivePattern switch { 0 => format.CurrencySymbol, 2 => format.CurrencySymbol + " ", _ => string.Empty };

        public string Suffix { get; } = format.CurrencyPositivePattern switch { 1 => format.CurrencySymbol, 3 => " " + format.CurrencySymbol, _ => string.Empty };

        public string GroupSeparator { get; } = format.CurrencyGroupSeparator;

        public string DecimalSeparator { get; } = format.CurrencyDecimalSeparator;

        /// <summary>The group sizes; NumberFormatInfo hands out a copy per read, so it is read once.</summary>
        public int[] GroupSizes { get; } = format.CurrencyGroupSizes;

        public int Digits { get; } = format.CurrencyDecimalDigits;

        public bool Encode { get; } = encode;
    }

    /// <summary>Whole-number digits with a separator between groups: sizes from the right, the last size repeating, 0 ending grouping.</summary>
    private void WriteGrouped(ReadOnlySpan<byte> digits, int[] sizes, string separator, bool encode)
    {
        if (sizes.Length == 1 && sizes[0] > 0)
        {
            // One repeating size (all but a few cultures): the leftmost group holds the remainder.
            var size = sizes[0];
            var first = digits.Length % size is 0 ? Math.Min(size, digits.Length) : digits.Length % size;
            WriteAscii(digits[..first]);
            for (var start = first; start < digits.Length; start += size)
            {
                WriteAffix(separator, encode);
                WriteAscii(digits.Slice(start, size));
            }

            return;
        }

        Span<int> cuts = stackalloc int[MaxExactDigits];
        var count = 0;
        var remaining = digits.Length;
        var sizeIndex = 0;
        var current = sizes.Length > 0 ? sizes[0] : 0;
        while (current > 0 && remaining > current)
        {
            remaining -= current;
            cuts[count++] = remaining;
            if (sizeIndex < sizes.Length - 1)
            {
                current = sizes[++sizeIndex];
            }
        }

        var from = 0;
        for (var i = count - 1; i >= 0; i--)
        {
            WriteAscii(digits[from..cuts[i]]);
            WriteAffix(separator, encode);
            from = cuts[i];
        }

        WriteAscii(digits[from..]);
    }
}
