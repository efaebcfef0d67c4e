namespace OmsFlow.Expressions.Syntax;

/// <summary>A 1-based line and column inside an expression's text.</summary>
public readonly record struct TextPosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
