namespace OmsFlow.Expressions.JavaScript.Constraints;

/// <summary>
/// A budget of bytes allocated on the running thread since <see cref="Reset"/>. Allocation, not live size, is what can be
/// measured cheaply at every guard call; it bounds string doubling and array growth as effectively and never under-counts.
/// </summary>
/// <param name="maxAllocatedBytes">How many bytes a run may allocate.</param>
public sealed class MemoryConstraint(long maxAllocatedBytes) : ScriptConstraint
{
    private long baseline;

    /// <summary>How many bytes a run may allocate.</summary>
    public long MaxAllocatedBytes { get; } = maxAllocatedBytes > 0
        ? maxAllocatedBytes
        : throw new ArgumentOutOfRangeException(nameof(maxAllocatedBytes), maxAllocatedBytes, "The memory budget must be positive.");

    /// <summary>Bytes allocated on this thread since the last <see cref="Reset"/>.</summary>
    public long AllocatedBytes => GC.GetAllocatedBytesForCurrentThread() - baseline;

    /// <inheritdoc/>
    public override void Reset() => baseline = GC.GetAllocatedBytesForCurrentThread();

    /// <inheritdoc/>
    public override void Check(int line)
    {
        long allocated = AllocatedBytes;
        if (allocated > MaxAllocatedBytes)
        {
            throw new ScriptLimitExceededException(
                ScriptLimit.Memory,
                line,
                $"Script allocated {allocated / 1024 / 1024} MB, over its memory limit of {MaxAllocatedBytes / 1024 / 1024} MB, at line {line}; build smaller strings and arrays or raise the memory limit.");
        }
    }
}
