using OmsFlow.Expressions.JavaScript.Constraints;

namespace OmsFlow.Expressions.JavaScript;

/// <summary>The sandbox limits of one script run.</summary>
/// <remarks>
/// Defaults: 2 s wall clock, 10 million steps (loop iterations plus function calls), 256 MB allocated, call depth 128,
/// 100 console entries. Every limit is always on; a script can never run unbounded.
/// The memory limit counts every byte allocated during the run, garbage included: Jurassic allocates roughly
/// 100-200 bytes per loop iteration or call (boxed numbers, argument arrays), so the default leaves room for about
/// a million iterations besides the script's own data.
/// </remarks>
public sealed record ScriptLimits
{
    /// <summary>The defaults described on <see cref="ScriptLimits"/>.</summary>
    public static ScriptLimits Default { get; } = new();

    /// <summary>Wall-clock time a run may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Loop iterations plus function calls a run may make.</summary>
    public long MaxSteps { get; init; } = 10_000_000;

    /// <summary>Bytes a run may allocate (measured on the running thread).</summary>
    public long MaxAllocatedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>How deep script functions may call each other.</summary>
    public int MaxRecursionDepth { get; init; } = 128;

    /// <summary>How many <c>console.log</c> entries are kept; later ones are dropped.</summary>
    public int MaxLogEntries { get; init; } = 100;

    /// <summary>The clock for <see cref="Timeout"/>; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Creates the per-run constraint instances for these limits.</summary>
    public IReadOnlyList<ScriptConstraint> CreateConstraints(CancellationToken cancellationToken)
    {
        if (MaxRecursionDepth <= 0)
        {
            throw new InvalidOperationException($"MaxRecursionDepth is {MaxRecursionDepth}; it must be positive because the recursion limit is always enforced.");
        }

        return
        [
            new CancellationConstraint(cancellationToken),
            new StepConstraint(MaxSteps),
            new MemoryConstraint(MaxAllocatedBytes),
            new TimeConstraint(Timeout, TimeProvider),
        ];
    }
}
