namespace OmsFlow.Workflows.Scheduling;

/// <summary>One of the six cron fields, with its range and the names it accepts.</summary>
internal sealed record CronField(string Name, int Min, int Max, string[]? Names = null, int NameBase = 0)
{
    public static readonly CronField Second = new("second", 0, 59);
    public static readonly CronField Minute = new("minute", 0, 59);
    public static readonly CronField Hour = new("hour", 0, 23);
    public static readonly CronField DayOfMonth = new("day-of-month", 1, 31);

    public static readonly CronField Month = new(
        "month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], NameBase: 1);

    // 7 is accepted as Sunday, as in most crons; it is folded onto 0 after parsing.
    public static readonly CronField DayOfWeek = new("day-of-week", 0, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]);
}
