namespace OmsFlow.Expressions.JavaScript.Constraints;

/// <summary>A wall-clock deadline measured from <see cref="Reset"/>.</summary>
/// <param name="timeout">How long a run may take.</param>
/// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
public sealed class TimeConstraint(TimeSpan timeout, TimeProvider? timeProvider = null) : ScriptConstraint
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private long startedAt;

    /// <summary>How long a run may take.</summary>
    public TimeSpan Timeout { get; } = timeout > TimeSpan.Zero ? timeout : throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive.");

    /// <inheritdoc/>
    public override void Reset() => startedAt = clock.GetTimestamp();

    /// <inheritdoc/>
    public override void Check(int line)
    {
        if (clock.GetElapsedTime(startedAt) > Timeout)
        {
            throw new ScriptLimitExceededException(
                ScriptLimit.Time,
                line,
                $"Script ran longer than its time limit of {Timeout.TotalMilliseconds:0} ms (stopped at line {line}); make the loop terminate or raise the time limit.");
        }
    }
}
