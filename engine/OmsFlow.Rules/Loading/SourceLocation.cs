using System.Text;

namespace OmsFlow.Rules.Loading;

/// <summary>A 1-based line and column in a rule file.</summary>
internal readonly record struct SourceLocation(int Line, int Column)
{
    public static SourceLocation Unknown => default;

    public bool IsKnown => Line > 0;
}

/// <summary>
/// Where a JSON string value (an Expression) starts in its file, and its raw escaped text when it had escapes, so a
/// position inside the decoded expression maps back to the exact file column (<c>\"</c> is two columns in the file).
/// </summary>
internal sealed record StringLocation(SourceLocation Start, string? RawText)
{
    /// <summary>The file location of the character at 1-based <paramref name="line"/>:<paramref name="column"/> of the decoded string.</summary>
    public SourceLocation Map(int line, int column)
    {
        var decodedOffset = DecodedOffset(line, column);
        var rawOffset = RawText is null ? decodedOffset : RawOffset(RawText, decodedOffset);

        // JSON strings cannot span lines, so every character of the value sits on the line the string starts on.
        return new SourceLocation(Start.Line, Start.Column + 1 + rawOffset);
    }

    /// <summary>The 0-based offset in the decoded text of a 1-based line:column (expressions may contain escaped newlines).</summary>
    private int DecodedOffset(int line, int column)
    {
        if (line <= 1)
        {
            return Math.Max(0, column - 1);
        }

        var decoded = RawText is null ? null : Decode(RawText);
        if (decoded is null)
        {
            return Math.Max(0, column - 1);
        }

        var offset = 0;
        for (var current = 1; current < line && offset < decoded.Length; offset++)
        {
            if (decoded[offset] == '\n')
            {
                current++;
            }
        }

        return offset + Math.Max(0, column - 1);
    }

    /// <summary>Walks the escaped text, counting decoded characters until <paramref name="decodedOffset"/> is reached.</summary>
    private static int RawOffset(string raw, int decodedOffset)
    {
        var rawIndex = 0;
        for (var decoded = 0; decoded < decodedOffset && rawIndex < raw.Length; decoded++)
        {
            rawIndex += raw[rawIndex] != '\\' ? 1 : rawIndex + 1 < raw.Length && raw[rawIndex + 1] == 'u' ? 6 : 2;
        }

        return rawIndex;
    }

    private static string Decode(string raw)
    {
        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i + 1 >= raw.Length)
            {
                builder.Append(raw[i]);
                continue;
            }

            i++;
            builder.Append(raw[i] switch
            {
                'n' => '\n',
                'u' when i + 4 < raw.Length => (char)Convert.ToInt32(raw.Substring(i + 1, 4), 16),
                _ => 'x',
            });
            if (raw[i] == 'u')
            {
                i += 4;
            }
        }

        return builder.ToString();
    }
}
