using System.Linq.Expressions;

namespace OmsFlow.Expressions.Runtime;

/// <summary>
/// Starts an expression on the LINQ interpreter (cheap to create, so loading a thousand rules is fast) and swaps in
/// the JIT-compiled delegate in the background once the expression has run often enough to be worth compiling.
/// </summary>
internal sealed class TieredDelegate<TResult>
{
    private const int CallsBeforeCompiling = 16;

    private Expression<Func<object?[], TResult>>? _lambda;
    private int _calls;

    public TieredDelegate(Expression<Func<object?[], TResult>> lambda, bool compileNow)
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
    public Func<object?[], TResult> Current { get; private set; }

    /// <summary>Calls the current delegate with <paramref name="arguments"/>, wrapping failures as runtime <see cref="ExpressionException"/>s.</summary>
    public TResult Invoke(string text, int parameterCount, object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Length < parameterCount)
        {
            throw new ArgumentException($"'{text}' needs {parameterCount} argument(s) but got {arguments.Length}", nameof(arguments));
        }

        Touch();
        try
        {
            return Current(arguments);
        }
        catch (Exception exception) when (exception is not ExpressionException)
        {
            throw ExpressionEngine.WrapRuntime(exception);
        }
    }

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
