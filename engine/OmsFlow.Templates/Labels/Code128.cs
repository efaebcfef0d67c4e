namespace OmsFlow.Templates.Labels;

/// <summary>Code 128 symbol encoding (subsets B and C, GS1-128 with FNC1) for drawing barcodes into PDFs.</summary>
public static class Code128
{
    /// <summary>Bar/space module widths of symbols 0..105 and the stop pattern (106), starting with a bar.</summary>
    internal static readonly string[] Patterns =
    [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ];

    private const int StartB = 104;
    private const int StartC = 105;
    private const int Fnc1 = 102;
    private const int Stop = 106;

    /// <summary>Symbol values including start, check and stop; all-digit data of even length uses the denser subset C.</summary>
    public static IReadOnlyList<int> Encode(string data, bool gs1 = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var symbols = new List<int>(data.Length + 4);
        var numeric = data.Length % 2 == 0 && data.All(char.IsAsciiDigit);
        if (gs1 && !numeric)
        {
            throw new ArgumentException("GS1-128 data here must be an even number of digits (AI + value).", nameof(data));
        }

        symbols.Add(numeric ? StartC : StartB);
        if (gs1)
        {
            symbols.Add(Fnc1);
        }

        if (numeric)
        {
            for (var i = 0; i < data.Length; i += 2)
            {
                symbols.Add(((data[i] - '0') * 10) + (data[i + 1] - '0'));
            }
        }
        else
        {
            foreach (var c in data)
            {
                if (c is < ' ' or > '~')
                {
                    throw new ArgumentException($"Code 128 subset B cannot encode '{c}' (U+{(int)c:X4}).", nameof(data));
                }

                symbols.Add(c - ' ');
            }
        }

        var checksum = symbols[0];
        for (var i = 1; i < symbols.Count; i++)
        {
            checksum += symbols[i] * i;
        }

        symbols.Add(checksum % 103);
        symbols.Add(Stop);
        return symbols;
    }

    /// <summary>Module widths, alternating bar and space and starting with a bar, for the encoded symbols.</summary>
    public static IEnumerable<int> Modules(IReadOnlyList<int> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        foreach (var symbol in symbols)
        {
            foreach (var width in Patterns[symbol])
            {
                yield return width - '0';
            }
        }
    }
}
