namespace OmsFlow.Expressions.JavaScript.Instrumentation;

/// <summary>A lexical or structural error found while instrumenting a script, positioned at line:column.</summary>
public sealed class JsSyntaxException : Exception
{
    public JsSyntaxException(string message, int line, int column)
        : base(message)
    {
        Line = line;
        Column = column;
    }

    public JsSyntaxException()
    {
    }

    public JsSyntaxException(string message)
        : base(message)
    {
    }

    public JsSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>1-based line of the offending character.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending character.</summary>
    public int Column { get; }
}
