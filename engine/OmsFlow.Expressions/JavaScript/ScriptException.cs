namespace OmsFlow.Expressions.JavaScript;

/// <summary>A script failed: it did not parse, threw, or went past a limit. <see cref="Line"/> locates it in the user's script.</summary>
public class ScriptException : Exception
{
    public ScriptException()
    {
    }

    public ScriptException(string message)
        : base(message)
    {
    }

    public ScriptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScriptException(string message, int? line, int? column = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line in the user's script, when known.</summary>
    public int? Line { get; }

    /// <summary>1-based column in the user's script, when known.</summary>
    public int? Column { get; }
}

/// <summary>The script is not valid JavaScript. The message starts with <c>line:column</c>.</summary>
public sealed class ScriptSyntaxException : ScriptException
{
    public ScriptSyntaxException()
    {
    }

    public ScriptSyntaxException(string message)
        : base(message)
    {
    }

    public ScriptSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScriptSyntaxException(string message, int line, int column, Exception? innerException = null)
        : base($"{line}:{column}: {message}", line, column, innerException)
    {
        Reason = message;
    }

    /// <summary>The message without its position.</summary>
    public string Reason { get; } = string.Empty;
}

/// <summary>The script threw (a <c>TypeError</c>, a <c>throw new Error(...)</c>, a result that cannot become JSON).</summary>
public sealed class ScriptRuntimeException : ScriptException
{
    public ScriptRuntimeException()
    {
    }

    public ScriptRuntimeException(string message)
        : base(message)
    {
    }

    public ScriptRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScriptRuntimeException(string errorName, string errorMessage, int? line, Exception? innerException = null)
        : base(
            line is { } at ? $"{errorName}: {errorMessage} (line {at})" : $"{errorName}: {errorMessage}",
            line,
            null,
            innerException)
    {
        ErrorName = errorName;
        ErrorMessage = errorMessage;
    }

    /// <summary>The JavaScript error's name (<c>TypeError</c>, <c>Error</c>), or <c>Uncaught</c> for a thrown non-error value.</summary>
    public string ErrorName { get; } = "Error";

    /// <summary>The JavaScript error's message.</summary>
    public string ErrorMessage { get; } = string.Empty;
}

/// <summary>Which sandbox limit stopped a script.</summary>
public enum ScriptLimit
{
    /// <summary>The wall-clock deadline.</summary>
    Time,

    /// <summary>The budget of loop iterations and function calls.</summary>
    Steps,

    /// <summary>The allocation budget.</summary>
    Memory,

    /// <summary>The call depth (deep or infinite recursion).</summary>
    Recursion,
}

/// <summary>The script went past a sandbox limit and was stopped; the host process is unaffected.</summary>
public sealed class ScriptLimitExceededException : ScriptException
{
    public ScriptLimitExceededException()
    {
    }

    public ScriptLimitExceededException(string message)
        : base(message)
    {
    }

    public ScriptLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScriptLimitExceededException(ScriptLimit limit, int? line, string message, Exception? innerException = null)
        : base(message, line, null, innerException)
    {
        Limit = limit;
    }

    /// <summary>The limit that was exceeded.</summary>
    public ScriptLimit Limit { get; }
}

/// <summary>The run was canceled through its <see cref="CancellationToken"/>.</summary>
public sealed class ScriptCanceledException : OperationCanceledException
{
    public ScriptCanceledException()
    {
    }

    public ScriptCanceledException(string message)
        : base(message)
    {
    }

    public ScriptCanceledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScriptCanceledException(int line, CancellationToken cancellationToken)
        : base($"Script was canceled at line {line}.", cancellationToken)
    {
        Line = line;
    }

    /// <summary>The line of the loop or function body the script was entering when it stopped.</summary>
    public int Line { get; }
}
