using System.Globalization;

namespace OmsFlow.Workflows.Scheduling;

/// <summary>
/// Reads the durations used by timers, retries and timeouts in workflow definitions:
/// compact (<c>500ms</c>, <c>90s</c>, <c>15m</c>, <c>2h30m</c>, <c>1d</c>, <c>1w</c>, <c>1.5h</c>, <c>1h 30m</c>),
/// ISO-8601 (<c>PT15M</c>, <c>P1D</c>, <c>P1DT12H</c>, <c>PT0.5S</c>, <c>P2W</c>) and clock form (<c>00:15:00</c>, <c>1.02:00:00</c>).
/// </summary>
/// <remarks>
/// Units are case-insensitive; compact units must go from largest to smallest and appear once. Years and months are
/// rejected because their length varies; write days instead. Negative durations are rejected.
/// </remarks>
public static class Duration
{
    private static readonly (string Unit, TimeSpan Size)[] CompactUnits =
    [
        ("ms", TimeSpan.FromMilliseconds(1)),
        ("w", TimeSpan.FromDays(7)),
        ("d", TimeSpan.FromDays(1)),
        ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)),
    ];

    private static readonly string[] UnitOrder = ["w", "d", "h", "m", "s", "ms"];

    /// <summary>Parses a duration.</summary>
    /// <exception cref="ScheduleFormatException">The text is not a duration; the message names the column and the accepted forms.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        int offset = text.Length - text.TrimStart().Length;
        if (trimmed.Length == 0)
        {
            throw new ScheduleFormatException(text, 1, "empty duration; write for example 15m, 2h30m, PT15M or 00:15:00");
        }

        if (trimmed[0] == '-')
        {
            throw new ScheduleFormatException(text, offset + 1, "durations cannot be negative");
        }

        if (trimmed[0] is 'P' or 'p')
        {
            return ParseIso(text, trimmed, offset);
        }

        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParseExact(trimmed, "c", CultureInfo.InvariantCulture, out TimeSpan clock)
                ? clock
                : throw new ScheduleFormatException(text, offset + 1, "not a valid clock duration; write [d.]hh:mm[:ss[.fff]], for example 00:15:00");
        }

        return ParseCompact(text, trimmed, offset);
    }

    /// <summary>Parses a duration, returning false instead of throwing when the text is not one.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is null)
        {
            return false;
        }

        try
        {
            duration = Parse(text);
            return true;
        }
        catch (ScheduleFormatException)
        {
            return false;
        }
    }

    private static TimeSpan ParseCompact(string text, string trimmed, int offset)
    {
        if (trimmed == "0")
        {
            return TimeSpan.Zero;
        }

        TimeSpan total = TimeSpan.Zero;
        int lastUnitRank = -1;
        int i = 0;
        while (i < trimmed.Length)
        {
            if (char.IsWhiteSpace(trimmed[i]))
            {
                i++;
                continue;
            }

            int numberStart = i;
            while (i < trimmed.Length && (char.IsAsciiDigit(trimmed[i]) || trimmed[i] == '.'))
            {
                i++;
            }

            if (i == numberStart || !decimal.TryParse(trimmed.AsSpan(numberStart, i - numberStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount))
            {
                throw new ScheduleFormatException(text, offset + numberStart + 1, "expected a number; write for example 15m, 2h30m, 500ms, PT15M or 00:15:00");
            }

            while (i < trimmed.Length && trimmed[i] == ' ')
            {
                i++;
            }

            int unitStart = i;
            while (i < trimmed.Length && char.IsAsciiLetter(trimmed[i]))
            {
                i++;
            }

            string unit = CompactUnit(trimmed[unitStart..i].ToLowerInvariant());
            int rank = Array.IndexOf(UnitOrder, unit);
            if (rank < 0)
            {
                string found = unit.Length == 0 ? "no unit" : $"unknown unit '{unit}'";
                throw new ScheduleFormatException(text, offset + unitStart + 1, $"{found} after {amount}; use ms, s, m, h, d or w");
            }

            if (rank <= lastUnitRank)
            {
                throw new ScheduleFormatException(text, offset + unitStart + 1, $"unit '{unit}' is repeated or out of order; go from the largest unit to the smallest (2h30m)");
            }

            lastUnitRank = rank;
            total += Multiply(CompactUnits.First(entry => entry.Unit == unit).Size, amount, text, offset + numberStart + 1);
        }

        return total;
    }

    private static TimeSpan ParseIso(string text, string trimmed, int offset)
    {
        TimeSpan total = TimeSpan.Zero;
        bool inTime = false, any = false;
        int lastRank = -1;
        int i = 1;
        while (i < trimmed.Length)
        {
            if (trimmed[i] is 'T' or 't')
            {
                if (inTime)
                {
                    throw new ScheduleFormatException(text, offset + i + 1, "'T' appears twice in the ISO-8601 duration");
                }

                inTime = true;
                i++;
                continue;
            }

            int numberStart = i;
            while (i < trimmed.Length && (char.IsAsciiDigit(trimmed[i]) || trimmed[i] is '.' or ','))
            {
                i++;
            }

            string number = trimmed[numberStart..i].Replace(',', '.');
            if (number.Length == 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount))
            {
                throw new ScheduleFormatException(text, offset + numberStart + 1, "expected a number in the ISO-8601 duration (for example PT15M, P1DT2H)");
            }

            if (i >= trimmed.Length)
            {
                throw new ScheduleFormatException(text, offset + i, $"the number {number} has no designator; add one (W, D, H, M or S)");
            }

            char designator = char.ToUpperInvariant(trimmed[i]);
            (int rank, TimeSpan size) = (inTime, designator) switch
            {
                (false, 'W') => (0, TimeSpan.FromDays(7)),
                (false, 'D') => (1, TimeSpan.FromDays(1)),
                (true, 'H') => (2, TimeSpan.FromHours(1)),
                (true, 'M') => (3, TimeSpan.FromMinutes(1)),
                (true, 'S') => (4, TimeSpan.FromSeconds(1)),
                (false, 'Y' or 'M') => throw new ScheduleFormatException(
                    text, offset + i + 1, "years and months have no fixed length; write days instead (P30D), or use PT..M for minutes"),
                (false, _) => throw new ScheduleFormatException(text, offset + i + 1, $"'{trimmed[i]}' is not a date designator; use W or D, then T and H, M, S"),
                (true, _) => throw new ScheduleFormatException(text, offset + i + 1, $"'{trimmed[i]}' is not a time designator; use H, M or S after T"),
            };

            if (rank <= lastRank)
            {
                throw new ScheduleFormatException(text, offset + i + 1, $"designator '{designator}' is repeated or out of order");
            }

            lastRank = rank;
            any = true;
            total += Multiply(size, amount, text, offset + numberStart + 1);
            i++;
        }

        if (!any)
        {
            throw new ScheduleFormatException(text, offset + 1, "the ISO-8601 duration has no components; write for example PT15M or P1D");
        }

        if (inTime && lastRank < 2)
        {
            throw new ScheduleFormatException(text, offset + trimmed.Length, "'T' must be followed by hours, minutes or seconds");
        }

        return total;
    }

    private static TimeSpan Multiply(TimeSpan unit, decimal amount, string text, int column)
    {
        decimal ticks = unit.Ticks * amount;
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            throw new ScheduleFormatException(text, column, "the duration is too long");
        }

        return TimeSpan.FromTicks((long)decimal.Round(ticks));
    }

    /// <summary>Unit words as people write them in definitions (<c>2 weeks</c>, <c>90 secs</c>) mapped to the compact units.</summary>
    private static string CompactUnit(string unit) => unit switch
    {
        "sec" or "secs" or "second" or "seconds" => "s",
        "min" or "mins" or "minute" or "minutes" => "m",
        "hr" or "hrs" or "hour" or "hours" => "h",
        "day" or "days" => "d",
        "week" or "weeks" => "w",
        _ => unit,
    };
}
