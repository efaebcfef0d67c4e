namespace OmsFlow.Expressions;

/// <summary>What stage of the expression pipeline failed.</summary>
public enum ExpressionErrorKind
{
    /// <summary>The text is not valid expression syntax.</summary>
    Parse,

    /// <summary>The syntax is valid but names, types or methods do not resolve against the inputs.</summary>
    Bind,

    /// <summary>The expression compiled but failed while running.</summary>
    Runtime,
}

/// <summary>An expression failed to parse, bind or run; <see cref="Line"/> and <see cref="Column"/> are 1-based.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException()
    {
    }

    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExpressionException(ExpressionErrorKind kind, string detail, int line, int column, Exception? innerException = null)
        : base($"{line}:{column}: {detail}", innerException)
    {
        Kind = kind;
        Detail = detail;
        Line = line;
        Column = column;
    }

    /// <summary>The stage that failed.</summary>
    public ExpressionErrorKind Kind { get; }

    /// <summary>The message without its position prefix.</summary>
    public string Detail { get; } = string.Empty;

    public int Line { get; }

    public int Column { get; }
}
