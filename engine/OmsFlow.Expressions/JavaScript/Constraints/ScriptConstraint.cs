namespace OmsFlow.Expressions.JavaScript.Constraints;

/// <summary>
/// One limit a running script must stay within. The host calls <see cref="Reset"/> before a run and
/// <see cref="Check"/> at every guard call (the start of every loop iteration and function call).
/// </summary>
/// <remarks>Instances hold per-run state, so one instance serves one run at a time.</remarks>
public abstract class ScriptConstraint
{
    /// <summary>Prepares for a new run (captures start time, baseline allocation, zeroes counters).</summary>
    public abstract void Reset();

    /// <summary>Throws when the run went past this limit.</summary>
    /// <param name="line">The script line of the loop or function body being entered, for the error message.</param>
    /// <exception cref="ScriptLimitExceededException">The limit was exceeded.</exception>
    /// <exception cref="ScriptCanceledException">The run was canceled.</exception>
    public abstract void Check(int line);
}
