using System.Globalization;

namespace OmsFlow.Workflows.Validation;

/// <summary>
/// Checks the text of a cron trigger: five fields (minute hour day-of-month month day-of-week), or six with seconds
/// first, each a list of <c>*</c>, values, ranges and <c>/steps</c>; month and weekday names; and the <c>@daily</c> family.
/// </summary>
internal static class CronSyntax
{
    private static readonly string[] Macros = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private sealed record Field(string Name, int Min, int Max, string[]? Names = null, int NameBase = 0);

    private static readonly Field Second = new("second", 0, 59);
    private static readonly Field Minute = new("minute", 0, 59);
    private static readonly Field Hour = new("hour", 0, 23);
    private static readonly Field DayOfMonth = new("day of month", 1, 31);
    private static readonly Field Month = new("month", 1, 12, MonthNames, 1);
    private static readonly Field DayOfWeek = new("day of week", 0, 7, DayNames, 0);

    /// <summary>Null when <paramref name="text"/> is a valid cron expression, else what is wrong.</summary>
    public static string? Check(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "is empty";
        }
        var trimmed = text.Trim();
        if (trimmed.StartsWith('@'))
        {
            return Macros.Contains(trimmed, StringComparer.OrdinalIgnoreCase) ? null : $"is not a known shortcut; use one of {string.Join(", ", Macros)}";
        }
        var parts = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Field[] fields = parts.Length switch
        {
            5 => [Minute, Hour, DayOfMonth, Month, DayOfWeek],
            6 => [Second, Minute, Hour, DayOfMonth, Month, DayOfWeek],
            _ => [],
        };
        if (fields.Length == 0)
        {
            return $"has {parts.Length} fields; write 5 (minute hour day-of-month month day-of-week), e.g. \"0 2 * * *\" for 02:00 every day";
        }
        for (var index = 0; index < parts.Length; index++)
        {
            if (CheckField(parts[index], fields[index]) is { } problem)
            {
                return $"has a bad {fields[index].Name} field '{parts[index]}': {problem}";
            }
        }
        return null;
    }

    private static string? CheckField(string text, Field field)
    {
        foreach (var item in text.Split(','))
        {
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var range = slash < 0 ? item : item[..slash];
            if (slash >= 0 && (!int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1))
            {
                return $"the step after '/' must be a whole number of at least 1";
            }
            if (range is "*" || (range is "?" && (field == DayOfMonth || field == DayOfWeek)))
            {
                continue;
            }
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? range : range[..dash];
            if (Value(first, field) is not { } low)
            {
                return Expected(first, field);
            }
            if (dash >= 0)
            {
                var last = range[(dash + 1)..];
                if (Value(last, field) is not { } high)
                {
                    return Expected(last, field);
                }
                if (high < low)
                {
                    return $"the range {range} runs backwards";
                }
            }
        }
        return null;
    }

    private static int? Value(string text, Field field)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= field.Min && number <= field.Max ? number : null;
        }
        if (field.Names is { } names)
        {
            var index = Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            return index < 0 ? null : index + field.NameBase;
        }
        return null;
    }

    private static string Expected(string text, Field field)
    {
        var names = field.Names is { } list ? $" or {list[0]}-{list[^1]}" : string.Empty;
        return $"'{text}' is outside {field.Min}-{field.Max}{names}";
    }
}
