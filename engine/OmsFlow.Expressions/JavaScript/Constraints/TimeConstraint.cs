namespace OmsFlow.Expressions.JavaScript.Constraints;

/// <summary>A wall-clock deadline measured from <see cref="Reset"/>.</summary>
/// <remarks>
/// The clock is read on every <see cref="ClockReadInterval"/>th check: a clock read costs more than the rest of a guard
/// call together, and 16 loop iterations or calls are far below the precision a deadline needs.
/// </remarks>
/// <param name="timeout">How long a run may take.</param>
/// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
public sealed class TimeConstraint(TimeSpan timeout, TimeProvider? timeProvider = null) : ScriptConstraint
{
    /// <summary>How many checks share one clock read.</summary>
    public const int ClockReadInterval = 16;

    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private long startedAt;
    private long deadline;
    private int checks;

    /// <summary>How long a run may take.</summary>
    public TimeSpan Timeout { get; } = timeout > TimeSpan.Zero ? timeout : throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive.");

    /// <inheritdoc/>
    public override void Reset()
    {
        checks = 0;
        startedAt = clock.GetTimestamp();

        // The deadline is kept in timestamp units so a check is one clock read and one comparison.
        double ticks = Timeout.TotalSeconds * clock.TimestampFrequency;
        deadline = ticks >= long.MaxValue - startedAt ? long.MaxValue : startedAt + (long)ticks;
    }

    /// <summary>Time since the last <see cref="Reset"/>.</summary>
    public TimeSpan Elapsed => clock.GetElapsedTime(startedAt);

    /// <inheritdoc/>
    public override void Check(int line)
    {
        if (++checks % ClockReadInterval == 0 && clock.GetTimestamp() > deadline)
        {
            throw new ScriptLimitExceededException(
                ScriptLimit.Time,
                line,
                $"Script ran longer than its time limit of {Timeout.TotalMilliseconds:0} ms (stopped at line {line}); make the loop terminate or raise the time limit.");
        }
    }
}
