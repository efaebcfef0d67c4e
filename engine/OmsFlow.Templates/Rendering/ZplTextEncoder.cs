using System.Text;
using HandlebarsDotNet;

namespace OmsFlow.Templates.Rendering;

/// <summary>
/// Escapes values written into ZPL field data. Labels declare <c>^FH</c> so <c>_5E</c> stands for <c>^</c>;
/// without this a customer name containing <c>^</c> or <c>~</c> would be read as a printer command.
/// </summary>
internal sealed class ZplTextEncoder : ITextEncoder
{
    public void Encode(StringBuilder? text, TextWriter target) => Encode(text?.ToString(), target);

    public void Encode(string? text, TextWriter target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var c in text)
        {
            switch (c)
            {
                case '^': target.Write("_5E"); break;
                case '~': target.Write("_7E"); break;
                case '_': target.Write("_5F"); break;
                case '\r' or '\n': target.Write(' '); break;
                default: target.Write(c); break;
            }
        }
    }

    public void Encode<T>(T? text, TextWriter target)
        where T : IEnumerator<char>
    {
        ArgumentNullException.ThrowIfNull(target);
        var builder = new StringBuilder();
        while (text?.MoveNext() == true)
        {
            builder.Append(text.Current);
        }

        Encode(builder.ToString(), target);
    }
}
