using System.Globalization;
using System.Text;
using System.Xml;

namespace OmsFlow.Workflows.Definitions;

/// <summary>
/// Durations as definitions write them: <c>15m</c>, <c>2s</c>, <c>1h30m</c>, <c>500ms</c>, <c>1d</c>, <c>2w</c>,
/// and also ISO 8601 (<c>PT15M</c>) and <c>hh:mm:ss</c>.
/// </summary>
internal static class DurationText
{
    /// <summary>What a valid duration looks like, for error messages.</summary>
    public const string Example = "a duration such as 15m, 2s, 1h30m or 500ms";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var trimmed = text.Trim();
        if (trimmed.StartsWith('P') || trimmed.StartsWith('p'))
        {
            return TryParseIso(trimmed, out duration);
        }
        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParseExact(trimmed, ["c", "g"], CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        }
        return TryParseUnits(trimmed, out duration);
    }

    /// <summary>The shortest unit text for <paramref name="duration"/>, e.g. <c>1h30m</c>; parses back to the same value.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }
        var builder = new StringBuilder();
        var rest = duration.Duration();
        Append(builder, rest.Days, "d");
        Append(builder, rest.Hours, "h");
        Append(builder, rest.Minutes, "m");
        Append(builder, rest.Seconds, "s");
        Append(builder, rest.Milliseconds, "ms");
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, int amount, string unit)
    {
        if (amount != 0)
        {
            builder.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    private static bool TryParseIso(string text, out TimeSpan duration)
    {
        duration = default;
        try
        {
            duration = XmlConvert.ToTimeSpan(text.ToUpperInvariant());
            return duration >= TimeSpan.Zero;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static bool TryParseUnits(string text, out TimeSpan duration)
    {
        duration = default;
        var total = 0m;
        var index = 0;
        while (index < text.Length)
        {
            while (index < text.Length && text[index] == ' ')
            {
                index++;
            }
            var numberStart = index;
            while (index < text.Length && (char.IsAsciiDigit(text[index]) || text[index] == '.'))
            {
                index++;
            }
            if (index == numberStart || !decimal.TryParse(text.AsSpan(numberStart, index - numberStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }
            while (index < text.Length && text[index] == ' ')
            {
                index++;
            }
            var unitStart = index;
            while (index < text.Length && char.IsAsciiLetter(text[index]))
            {
                index++;
            }
            var milliseconds = UnitMilliseconds(text.AsSpan(unitStart, index - unitStart));
            if (milliseconds is null)
            {
                return false;
            }
            total += amount * milliseconds.Value;
        }
        if (total > (decimal)TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }
        duration = TimeSpan.FromTicks((long)(total * TimeSpan.TicksPerMillisecond));
        return true;
    }

    private static long? UnitMilliseconds(ReadOnlySpan<char> unit) => unit switch
    {
        "ms" => 1,
        "s" or "sec" or "secs" or "second" or "seconds" => 1_000,
        "m" or "min" or "mins" or "minute" or "minutes" => 60_000,
        "h" or "hr" or "hour" or "hours" => 3_600_000,
        "d" or "day" or "days" => 86_400_000,
        "w" or "week" or "weeks" => 604_800_000,
        _ => null,
    };
}
