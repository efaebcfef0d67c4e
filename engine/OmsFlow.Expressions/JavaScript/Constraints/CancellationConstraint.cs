namespace OmsFlow.Expressions.JavaScript.Constraints;

/// <summary>Stops a run when its <see cref="CancellationToken"/> is canceled (the workflow step was canceled or the host is stopping).</summary>
/// <param name="cancellationToken">The token to observe.</param>
public sealed class CancellationConstraint(CancellationToken cancellationToken) : ScriptConstraint
{
    /// <inheritdoc/>
    public override void Reset()
    {
    }

    /// <inheritdoc/>
    public override void Check(int line)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            throw new ScriptCanceledException(line, cancellationToken);
        }
    }
}
