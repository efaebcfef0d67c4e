namespace OmsFlow.Expressions.JavaScript.Constraints;

/// <summary>A budget of guard calls: loop iterations plus function calls.</summary>
/// <param name="maxSteps">How many loop iterations and function calls a run may make.</param>
public sealed class StepConstraint(long maxSteps) : ScriptConstraint
{
    /// <summary>How many loop iterations and function calls a run may make.</summary>
    public long MaxSteps { get; } = maxSteps > 0 ? maxSteps : throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, "The step budget must be positive.");

    /// <summary>Steps taken since the last <see cref="Reset"/>.</summary>
    public long Steps { get; private set; }

    /// <inheritdoc/>
    public override void Reset() => Steps = 0;

    /// <inheritdoc/>
    public override void Check(int line)
    {
        if (++Steps > MaxSteps)
        {
            throw new ScriptLimitExceededException(
                ScriptLimit.Steps,
                line,
                $"Script exceeded its budget of {MaxSteps} steps (loop iterations and function calls) at line {line}; make the loop terminate or raise the step limit.");
        }
    }
}
