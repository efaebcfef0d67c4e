using System.Globalization;
using System.Text;

namespace OmsFlow.Workflows.Definitions;

/// <summary>
/// Durations as definitions write them: <c>15m</c>, <c>2s</c>, <c>1h30m</c>, <c>500ms</c>, <c>1d</c>, <c>2w</c>,
/// and also ISO 8601 (<c>PT15M</c>) and <c>hh:mm:ss</c>.
/// </summary>
internal static class DurationText
{
    /// <summary>What a valid duration looks like, for error messages.</summary>
    public const string Example = "a duration such as 15m, 2s, 1h30m or 500ms";

    /// <summary>Parses duration text with the scheduler's parser (<see cref="Scheduling.Duration"/>), the one grammar for durations.</summary>
    public static bool TryParse(string? text, out TimeSpan duration) => Scheduling.Duration.TryParse(text, out duration);

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
}
