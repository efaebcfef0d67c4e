namespace OmsFlow.Workflows.Scheduling;

/// <summary>A cron expression or duration could not be read. <see cref="Column"/> points at the offending part (1-based).</summary>
public sealed class ScheduleFormatException : FormatException
{
    public ScheduleFormatException()
    {
    }

    public ScheduleFormatException(string message)
        : base(message)
    {
    }

    public ScheduleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScheduleFormatException(string text, int column, string reason)
        : base($"column {column}: {reason} in '{text}'")
    {
        Text = text;
        Column = column;
        Reason = reason;
    }

    /// <summary>The whole text that was being parsed.</summary>
    public string Text { get; } = string.Empty;

    /// <summary>1-based column of the offending part.</summary>
    public int Column { get; }

    /// <summary>What is wrong and how to fix it, without the position.</summary>
    public string Reason { get; } = string.Empty;
}
