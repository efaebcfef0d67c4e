using System.Globalization;

namespace OmsFlow.Workflows.Scheduling;

/// <summary>
/// A cron schedule: five fields (<c>minute hour day-of-month month day-of-week</c>) or six with seconds first.
/// Fields take numbers, names (<c>JAN</c>–<c>DEC</c>, <c>SUN</c>–<c>SAT</c>, case-insensitive), <c>*</c>, <c>?</c>
/// (day fields), ranges <c>1-5</c>, steps <c>*/15</c>, <c>10-50/20</c>, <c>5/10</c>, lists <c>MON,WED,FRI</c>, and
/// <c>L</c> (last day of the month) in the day-of-month field. The macros <c>@yearly</c>, <c>@annually</c>,
/// <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c>, <c>@midnight</c> and <c>@hourly</c> are accepted too.
/// </summary>
/// <remarks>
/// As in Vixie cron, when both day fields are restricted (neither starts with <c>*</c> or <c>?</c>) a day matches if
/// either matches; otherwise the restricted one decides. Day-of-week 7 is Sunday, like 0.
/// See <see cref="GetNextOccurrence"/> for the daylight-saving rules.
/// </remarks>
public sealed partial class CronExpression
{
    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    private readonly ulong seconds;
    private readonly ulong minutes;
    private readonly ulong hours;
    private readonly ulong daysOfMonth;
    private readonly ulong months;
    private readonly ulong daysOfWeek;
    private readonly bool lastDayOfMonth;
    private readonly bool dayOfMonthRestricted;
    private readonly bool dayOfWeekRestricted;
    private readonly bool hourIsWildcard;

    private CronExpression(string text, Parser parser)
    {
        Text = text;
        HasSeconds = parser.HasSeconds;
        seconds = parser.Seconds;
        minutes = parser.Minutes;
        hours = parser.Hours;
        daysOfMonth = parser.DaysOfMonth;
        months = parser.Months;
        daysOfWeek = parser.DaysOfWeek;
        lastDayOfMonth = parser.LastDayOfMonth;
        dayOfMonthRestricted = parser.DayOfMonthRestricted;
        dayOfWeekRestricted = parser.DayOfWeekRestricted;
        hourIsWildcard = parser.HourIsWildcard;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Whether the expression has a seconds field (six fields).</summary>
    public bool HasSeconds { get; }

    /// <summary>Parses a cron expression.</summary>
    /// <exception cref="ScheduleFormatException">The expression is malformed; <see cref="ScheduleFormatException.Column"/> points at the bad field or value.</exception>
    public static CronExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.StartsWith('@'))
        {
            return Macros.TryGetValue(trimmed, out string? expanded)
                ? new CronExpression(text, new Parser(expanded))
                : throw new ScheduleFormatException(text, text.IndexOf('@', StringComparison.Ordinal) + 1, $"unknown macro '{trimmed}'; use one of {string.Join(", ", Macros.Keys)}");
        }

        return new CronExpression(text, new Parser(text));
    }

    /// <summary>Parses a cron expression, returning false instead of throwing when it is malformed.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CronExpression? expression)
    {
        expression = null;
        if (text is null)
        {
            return false;
        }

        try
        {
            expression = Parse(text);
            return true;
        }
        catch (ScheduleFormatException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>Reads the fields of an expression into bit masks, one bit per allowed value.</summary>
    private sealed class Parser
    {
        private readonly string text;

        public Parser(string text)
        {
            this.text = text;
            List<(int Start, string Value)> fields = SplitFields();
            if (fields.Count is not (5 or 6))
            {
                int column = fields.Count > 6 ? fields[6].Start + 1 : Math.Max(1, text.TrimEnd().Length);
                throw new ScheduleFormatException(
                    text, column, $"expected 5 fields (minute hour day-of-month month day-of-week) or 6 (with seconds first), found {fields.Count}");
            }

            HasSeconds = fields.Count == 6;
            int first = HasSeconds ? 1 : 0;
            Seconds = HasSeconds ? ParseField(fields[0], CronField.Second, out _) : 1UL;
            Minutes = ParseField(fields[first], CronField.Minute, out _);
            Hours = ParseField(fields[first + 1], CronField.Hour, out bool hourRestricted);
            DaysOfMonth = ParseField(fields[first + 2], CronField.DayOfMonth, out bool domRestricted);
            Months = ParseField(fields[first + 3], CronField.Month, out _);
            ulong daysOfWeek = ParseField(fields[first + 4], CronField.DayOfWeek, out bool dowRestricted);
            DaysOfWeek = (daysOfWeek | (daysOfWeek >> 7)) & 0x7F;
            HourIsWildcard = !hourRestricted;
            DayOfMonthRestricted = domRestricted;
            DayOfWeekRestricted = dowRestricted;
        }

        public bool HasSeconds { get; }

        public ulong Seconds { get; }

        public ulong Minutes { get; }

        public ulong Hours { get; }

        public ulong DaysOfMonth { get; }

        public ulong Months { get; }

        public ulong DaysOfWeek { get; }

        public bool LastDayOfMonth { get; private set; }

        public bool DayOfMonthRestricted { get; }

        public bool DayOfWeekRestricted { get; }

        public bool HourIsWildcard { get; }

        private List<(int Start, string Value)> SplitFields()
        {
            var fields = new List<(int, string)>();
            int i = 0;
            while (i < text.Length)
            {
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                int start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (i > start)
                {
                    fields.Add((start, text[start..i]));
                }
            }

            return fields;
        }

        private ulong ParseField((int Start, string Value) field, CronField spec, out bool restricted)
        {
            restricted = field.Value[0] is not ('*' or '?');
            ulong mask = 0;
            int offset = field.Start;
            foreach (string item in field.Value.Split(','))
            {
                if (item.Length == 0)
                {
                    throw new ScheduleFormatException(text, offset + 1, $"empty entry in the {spec.Name} list; remove the extra comma");
                }

                mask |= ParseItem(item, offset, spec);
                offset += item.Length + 1;
            }

            if (mask == 0 && !LastDayOfMonth)
            {
                throw new ScheduleFormatException(text, field.Start + 1, $"the {spec.Name} field matches no value");
            }

            return mask;
        }

        private ulong ParseItem(string item, int offset, CronField spec)
        {
            if (item.Equals("L", StringComparison.OrdinalIgnoreCase))
            {
                if (spec != CronField.DayOfMonth)
                {
                    throw new ScheduleFormatException(text, offset + 1, $"'L' is only allowed in the day-of-month field, not in {spec.Name}");
                }

                LastDayOfMonth = true;
                return 0;
            }

            int slash = item.IndexOf('/', StringComparison.Ordinal);
            string range = slash < 0 ? item : item[..slash];
            int step = 1;
            if (slash >= 0)
            {
                string stepText = item[(slash + 1)..];
                if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1 || step > spec.Max - spec.Min + 1)
                {
                    throw new ScheduleFormatException(
                        text, offset + slash + 2, $"step '{stepText}' in {spec.Name} must be a whole number from 1 to {spec.Max - spec.Min + 1}");
                }
            }

            int low, high;
            if (range is "*" or "?")
            {
                if (range == "?" && spec != CronField.DayOfMonth && spec != CronField.DayOfWeek)
                {
                    throw new ScheduleFormatException(text, offset + 1, $"'?' is only allowed in the day-of-month and day-of-week fields, not in {spec.Name}; use '*'");
                }

                (low, high) = (spec.Min, spec == CronField.DayOfWeek ? 6 : spec.Max);
            }
            else
            {
                int dash = range.IndexOf('-', StringComparison.Ordinal);
                if (dash < 0)
                {
                    low = ParseValue(range, offset, spec);
                    high = slash >= 0 ? spec.Max : low;
                }
                else
                {
                    low = ParseValue(range[..dash], offset, spec);
                    high = ParseValue(range[(dash + 1)..], offset + dash + 1, spec);
                    if (low > high)
                    {
                        throw new ScheduleFormatException(
                            text, offset + 1, $"range {range} in {spec.Name} runs backwards; write it as a list instead (for example '22-23,0-2')");
                    }
                }
            }

            ulong mask = 0;
            for (int value = low; value <= high; value += step)
            {
                mask |= 1UL << value;
            }

            return mask;
        }

        private int ParseValue(string value, int offset, CronField spec)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                return number >= spec.Min && number <= spec.Max
                    ? number
                    : throw new ScheduleFormatException(text, offset + 1, $"{spec.Name} value {number} is out of range {spec.Min}-{spec.Max}");
            }

            int index = spec.Names is null ? -1 : Array.FindIndex(spec.Names, name => name.Equals(value, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index + spec.NameBase;
            }

            string hint = spec.Names is null ? $"a number from {spec.Min} to {spec.Max}" : $"a number from {spec.Min} to {spec.Max} or a name ({string.Join(", ", spec.Names)})";
            throw new ScheduleFormatException(text, offset + 1, $"'{value}' is not a valid {spec.Name}; expected {hint}");
        }
    }
}
