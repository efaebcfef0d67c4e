using System.Linq.Expressions;

namespace OmsFlow.Expressions.Runtime;

/// <summary>
/// Starts an expression on the LINQ interpreter (cheap to create, so loading a thousand rules is fast) and swaps in
/// the JIT-compiled delegate in the background once the expression has run often enough to be worth compiling.
/// </summary>
internal sealed class TieredDelegate<TDelegate>
    where TDelegate : Delegate
{
    private const int CallsBeforeCompiling = 16;

    private Expression<TDelegate>? _lambda;
    private int _calls;

    public TieredDelegate(Expression<TDelegate> lambda, bool compileNow)
    {
        if (compileNow)
        {
            Current = lambda.Compile();
            return;
        }

        _lambda = lambda;
        Current = lambda.Compile(preferInterpretation: true);
    }

    /// <summary>The delegate to call now.</summary>
    public TDelegate Current { get; private set; }

    /// <summary>Counts a call; the first call past the threshold queues the compilation.</summary>
    public void Touch()
    {
        if (_lambda is null || Interlocked.Increment(ref _calls) != CallsBeforeCompiling)
        {
            return;
        }

        var lambda = _lambda;
        ThreadPool.UnsafeQueueUserWorkItem(
            state =>
            {
                state.Current = lambda.Compile();
                state._lambda = null;
            },
            this,
            preferLocal: false);
    }
}
