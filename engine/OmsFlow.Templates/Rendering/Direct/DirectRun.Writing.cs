using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using OmsFlow.Templates.Helpers;

namespace OmsFlow.Templates.Rendering.Direct;

internal sealed partial class DirectRun
{
    private static readonly SearchValues<char> HtmlSpecials = SearchValues.Create("&<>\"'`=");

    // Longest decimal in any culture's currency pattern: 29 digits, group separators, symbol, sign and spaces.
    private const int FormattedNumberSize = 128;

    private char[] _scratch = new char[256];
    private string? _moneyCurrency;
    private NumberFormatInfo? _moneyFormat;

    /// <summary><c>{{path}}</c>: a value read from JSON is written from the document's bytes, without an intermediate string.</summary>
    public void WritePath(PathExpression path, bool raw)
    {
        if (ResolveJson(path, out var json, out var value, out var item))
        {
            if (item && json.ValueKind == JsonValueKind.Number)
            {
                WriteAscii(JsonMarshal.GetRawUtf8Value(json));
                return;
            }

            WriteJson(json, raw);
        }
        else
        {
            Write(value, raw);
        }
    }

    /// <summary><c>{{money amount currency}}</c> formatted into the output; false when the registered helper must run.</summary>
    public bool TryWriteMoney(HelperExpression call, bool raw)
    {
        if (call.Arguments[0] is PathExpression path && ResolveJson(path, out var json, out _))
        {
            if (json.ValueKind != JsonValueKind.Number || call.Arguments[1].Evaluate(this) is not string { Length: > 0 } code)
            {
                return false;
            }

            var format = MoneyFormat(code);
            if (TryWritePlainMoney(json, raw))
            {
                return true;
            }

            if (!json.TryGetDecimal(out var number))
            {
                return false;
            }

            WriteMoney(number, format, raw);
            return true;
        }

        if (!TryMoney(call, out var amount, out var currency))
        {
            return false;
        }

        WriteMoney(amount, MoneyFormat(currency), raw);
        return true;
    }

    private void WriteMoney(decimal amount, NumberFormatInfo format, bool raw)
    {
        Span<char> formatted = stackalloc char[FormattedNumberSize];
        if (amount.TryFormat(formatted, out var written, "C", format))
        {
            WriteText(formatted[..written], raw);
        }
        else
        {
            WriteText(amount.ToString("C", format), raw);
        }
    }

    /// <summary>The currency format for this render's culture; the currency string is usually the same instance every line.</summary>
    private NumberFormatInfo MoneyFormat(string currency)
    {
        if (!ReferenceEquals(currency, _moneyCurrency))
        {
            _moneyFormat = MoneyFormatter.FormatFor(_culture, currency);
            _moneyCurrency = currency;
            _moneyLayout = new MoneyLayout(_moneyFormat, NeedsEncoding(_moneyFormat.CurrencySymbol + _moneyFormat.CurrencyGroupSeparator + _moneyFormat.CurrencyDecimalSeparator));
        }

        return _moneyFormat!;
    }

    /// <summary>Writes a value: strings encoded for the mode unless <paramref name="raw"/>, numbers as Handlebars.Net prints them.</summary>
    public void Write(object? value, bool raw)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                WriteText(text, raw);
                return;
            case bool flag:
                WriteText(flag ? "True" : "False", raw);
                return;
            case decimal number:
                WriteNumber(number, raw);
                return;
            case int number:
                WriteNumber(number, raw);
                return;
            case long number:
                WriteNumber(number, raw);
                return;
            case double number:
                WriteNumber(number, raw);
                return;
            default:
                throw new DirectUnsupportedException($"writing a {value.GetType().Name}");
        }
    }

    /// <summary>Writes a JSON value exactly as <see cref="Write"/> writes its CLR value (<see cref="JsonElementDescriptorProvider.Scalar"/>).</summary>
    private void WriteJson(JsonElement json, bool raw)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                WriteJsonString(json, raw);
                return;
            case JsonValueKind.Number:
                if (TryWritePlainNumber(json, raw))
                {
                    return;
                }

                if (json.TryGetDecimal(out var number))
                {
                    WriteNumber(number, raw);
                }
                else
                {
                    WriteNumber(json.GetDouble(), raw);
                }

                return;
            case JsonValueKind.True:
                WriteText("True", raw);
                return;
            case JsonValueKind.False:
                WriteText("False", raw);
                return;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return;
            default:
                throw new DirectUnsupportedException($"writing a JSON {json.ValueKind}");
        }
    }

    /// <summary>
    /// A JSON string written from the document's UTF-8 without a string per value. Escapes (System.Text.Json writes
    /// &lt; &gt; &amp; and non-ASCII as <c>\uXXXX</c>) are decoded on the way; ZPL goes through the JSON reader's own
    /// unescaping, so the text is always what <see cref="JsonElement.GetString"/> returns.
    /// </summary>
    private void WriteJsonString(JsonElement json, bool raw)
    {
        var quoted = JsonMarshal.GetRawUtf8Value(json);
        if (raw || _mode != OutputMode.Zpl)
        {
            WriteJsonStringContent(quoted[1..^1], html: !raw && _mode == OutputMode.Html);
            return;
        }

        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        var unescaped = Scratch(quoted.Length);
        WriteZpl(unescaped[..reader.CopyString(unescaped)]);
    }

    /// <summary>A number as Handlebars.Net prints it (<c>ToString</c> with its format provider), formatted in place.</summary>
    private void WriteNumber<T>(T number, bool raw)
        where T : ISpanFormattable
    {
        Span<char> formatted = stackalloc char[FormattedNumberSize];
        if (number.TryFormat(formatted, out var written, default, _numberFormat))
        {
            WriteText(formatted[..written], raw);
        }
        else
        {
            WriteText(number.ToString(null, _numberFormat), raw);
        }
    }

    private void WriteText(string text, bool raw) => WriteText(text.AsSpan(), raw);

    private void WriteText(ReadOnlySpan<char> text, bool raw)
    {
        if (raw || _mode == OutputMode.Text)
        {
            Output.Append(text);
        }
        else if (_mode == OutputMode.Html)
        {
            WriteHtml(text);
        }
        else
        {
            WriteZpl(text);
        }
    }

    /// <summary>Escapes the characters handlebars.js escapes: &amp; &lt; &gt; " ' ` =.</summary>
    private void WriteHtml(ReadOnlySpan<char> text)
    {
        while (true)
        {
            var next = text.IndexOfAny(HtmlSpecials);
            if (next < 0)
            {
                Output.Append(text);
                return;
            }

            Output.Append(text[..next]);
            Output.Append(text[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#x27;",
                '`' => "&#x60;",
                _ => "&#x3D;",
            });
            text = text[(next + 1)..];
        }
    }

    /// <summary>ZPL field data under <c>^FH</c>: the same escapes as <see cref="ZplTextEncoder"/>.</summary>
    private void WriteZpl(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '^': Output.Append("_5E"); break;
                case '~': Output.Append("_7E"); break;
                case '_': Output.Append("_5F"); break;
                case '\r' or '\n': Output.Append(' '); break;
                default: Output.Append(c); break;
            }
        }
    }

    /// <summary>A buffer for text that is transcoded before it is encoded; UTF-16 never needs more chars than UTF-8 has bytes.</summary>
    private Span<char> Scratch(int size)
    {
        if (_scratch.Length < size)
        {
            _scratch = new char[Math.Max(size, _scratch.Length * 2)];
        }

        return _scratch;
    }

    /// <summary>A very long string value is not kept alive on the thread after the render that needed it.</summary>
    private void ReleaseScratch()
    {
        if (_scratch.Length > 1 << 16)
        {
            _scratch = new char[256];
        }
    }
}
