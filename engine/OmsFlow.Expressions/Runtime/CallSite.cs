namespace OmsFlow.Expressions.Runtime;

/// <summary>Where in the expression a runtime helper is called from, so runtime errors name line:column.</summary>
public sealed class SiteInfo(int line, int column, bool ignoreCase)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>Whether member names are matched case-insensitively at this site.</summary>
    public bool IgnoreCase { get; } = ignoreCase;

    public ExpressionException Error(string message, Exception? inner = null) =>
        new(ExpressionErrorKind.Runtime, message, Line, Column, inner);
}
