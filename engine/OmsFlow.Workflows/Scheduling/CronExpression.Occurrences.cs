using System.Numerics;

namespace OmsFlow.Workflows.Scheduling;

/// <summary>Finding occurrences: a search over wall-clock time in the schedule's zone, then mapping to instants across DST changes.</summary>
public sealed partial class CronExpression
{
    // Long enough for any satisfiable day/month combination (29 February on a given weekday repeats within 28 years).
    private const int SearchYears = 28;

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when the expression can never match (for example 30 February).</summary>
    /// <param name="after">The instant to search from (exclusive).</param>
    /// <param name="zone">The zone whose wall clock the fields describe.</param>
    /// <remarks>
    /// Daylight-saving rules (the ones Cronos and most schedulers use):
    /// <list type="bullet">
    /// <item>A wall-clock time skipped when clocks go forward fires at the end of the gap (02:30 becomes 03:00), once.</item>
    /// <item>A wall-clock time repeated when clocks go back fires once, at its first occurrence, unless the hour field is a
    /// wildcard (<c>*</c>, <c>*/2</c>): interval schedules keep their rhythm and fire in both passes.</item>
    /// </list>
    /// </remarks>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        DateTimeOffset local = TimeZoneInfo.ConvertTime(after, zone);
        DateTime start = TruncateToSecond(local.DateTime).AddSeconds(1);
        DateTimeOffset? best = FindAfter(start, after, zone);

        // Clocks went back and 'after' is in the first pass: interval schedules also fire in the second pass of the
        // wall-clock times before 'after', which the forward search above has already passed.
        if (hourIsWildcard && zone.IsAmbiguousTime(local.DateTime) && local.Offset == MaxOffset(zone, local.DateTime))
        {
            DateTimeOffset? repeated = FirstSecondPassOccurrence(local.DateTime, zone);
            if (repeated is { } second && second > after && (best is null || second < best))
            {
                best = second;
            }
        }

        return best;
    }

    /// <summary>Occurrences after <paramref name="after"/>, in order, lazily; stops only when the expression can match no more.</summary>
    public IEnumerable<DateTimeOffset> GetNextOccurrences(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Enumerate(after, zone);
    }

    private IEnumerable<DateTimeOffset> Enumerate(DateTimeOffset after, TimeZoneInfo zone)
    {
        DateTimeOffset? next = GetNextOccurrence(after, zone);
        while (next is { } occurrence)
        {
            yield return occurrence;
            next = GetNextOccurrence(occurrence, zone);
        }
    }

    private DateTimeOffset? FindAfter(DateTime start, DateTimeOffset after, TimeZoneInfo zone)
    {
        for (DateTime? wall = NextWallTime(start); wall is { } candidate; wall = NextWallTime(candidate.AddSeconds(1)))
        {
            if (zone.IsInvalidTime(candidate))
            {
                DateTimeOffset gapEnd = GapEnd(candidate, zone);
                if (gapEnd > after)
                {
                    return gapEnd;
                }
            }
            else if (zone.IsAmbiguousTime(candidate))
            {
                TimeSpan[] offsets = zone.GetAmbiguousTimeOffsets(candidate);
                var firstPass = new DateTimeOffset(candidate, offsets.Max());
                if (firstPass > after)
                {
                    return firstPass;
                }

                var secondPass = new DateTimeOffset(candidate, offsets.Min());
                if (hourIsWildcard && secondPass > after)
                {
                    return secondPass;
                }
            }
            else
            {
                var instant = new DateTimeOffset(candidate, zone.GetUtcOffset(candidate));
                if (instant > after)
                {
                    return instant;
                }
            }
        }

        return null;
    }

    private DateTimeOffset? FirstSecondPassOccurrence(DateTime ambiguousWall, TimeZoneInfo zone)
    {
        // Walk back to the first ambiguous minute; repeated periods last at most a few hours.
        DateTime periodStart = new(ambiguousWall.Year, ambiguousWall.Month, ambiguousWall.Day, ambiguousWall.Hour, ambiguousWall.Minute, 0, DateTimeKind.Unspecified);
        while (zone.IsAmbiguousTime(periodStart.AddMinutes(-1)))
        {
            periodStart = periodStart.AddMinutes(-1);
        }

        DateTime? wall = NextWallTime(periodStart);
        if (wall is not { } candidate || !zone.IsAmbiguousTime(candidate))
        {
            return null;
        }

        return new DateTimeOffset(candidate, zone.GetAmbiguousTimeOffsets(candidate).Min());
    }

    private static TimeSpan MaxOffset(TimeZoneInfo zone, DateTime ambiguous) => zone.GetAmbiguousTimeOffsets(ambiguous).Max();

    /// <summary>The instant clocks jump to at the end of the gap containing <paramref name="invalid"/>.</summary>
    private static DateTimeOffset GapEnd(DateTime invalid, TimeZoneInfo zone)
    {
        DateTime wall = new(invalid.Year, invalid.Month, invalid.Day, invalid.Hour, invalid.Minute, 0, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wall))
        {
            wall = wall.AddMinutes(1);
        }

        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }

    private static DateTime TruncateToSecond(DateTime value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);

    /// <summary>The first wall-clock time at or after <paramref name="start"/> that matches every field, skipping whole months, days, hours and minutes that cannot match.</summary>
    private DateTime? NextWallTime(DateTime start)
    {
        int year = start.Year, month = start.Month, day = start.Day, hour = start.Hour, minute = start.Minute, second = start.Second;
        int lastYear = Math.Min(9999, start.Year + SearchYears);
        while (year <= lastYear)
        {
            if (!Has(months, month))
            {
                int next = NextBit(months, month);
                (year, month) = next is > 0 and <= 12 ? (year, next) : (year + 1, NextBit(months, 1));
                (day, hour, minute, second) = (1, 0, 0, 0);
                continue;
            }

            int daysInMonth = DateTime.DaysInMonth(year, month);
            if (day > daysInMonth)
            {
                (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1);
                (day, hour, minute, second) = (1, 0, 0, 0);
                continue;
            }

            if (!DayMatches(year, month, day, daysInMonth))
            {
                (day, hour, minute, second) = (day + 1, 0, 0, 0);
                continue;
            }

            if (!Has(hours, hour))
            {
                int next = NextBit(hours, hour);
                (day, hour) = next is >= 0 and <= 23 ? (day, next) : (day + 1, 0);
                (minute, second) = (0, 0);
                continue;
            }

            if (!Has(minutes, minute))
            {
                int next = NextBit(minutes, minute);
                (hour, minute) = next is >= 0 and <= 59 ? (hour, next) : (hour + 1, 0);
                second = 0;
                if (hour == 24)
                {
                    (day, hour) = (day + 1, 0);
                }

                continue;
            }

            if (!Has(seconds, second))
            {
                int next = NextBit(seconds, second);
                (minute, second) = next is >= 0 and <= 59 ? (minute, next) : (minute + 1, 0);
                if (minute == 60)
                {
                    (hour, minute) = (hour + 1, 0);
                    if (hour == 24)
                    {
                        (day, hour) = (day + 1, 0);
                    }
                }

                continue;
            }

            return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        }

        return null;
    }

    private bool DayMatches(int year, int month, int day, int daysInMonth)
    {
        bool dayOfMonth = Has(daysOfMonth, day) || (lastDayOfMonth && day == daysInMonth);
        bool dayOfWeek = Has(daysOfWeek, (int)new DateTime(year, month, day).DayOfWeek);
        return (dayOfMonthRestricted, dayOfWeekRestricted) switch
        {
            (true, true) => dayOfMonth || dayOfWeek,
            (true, false) => dayOfMonth,
            (false, true) => dayOfWeek,
            _ => true,
        };
    }

    private static bool Has(ulong mask, int value) => (mask & (1UL << value)) != 0;

    /// <summary>The smallest set bit at or above <paramref name="from"/>, or -1.</summary>
    private static int NextBit(ulong mask, int from)
    {
        ulong rest = from >= 64 ? 0 : mask & (ulong.MaxValue << from);
        return rest == 0 ? -1 : BitOperations.TrailingZeroCount(rest);
    }
}
