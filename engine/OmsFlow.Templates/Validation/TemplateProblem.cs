namespace OmsFlow.Templates.Validation;

/// <summary>One problem found in a template before it is published.</summary>
/// <param name="Code">Stable machine code: <see cref="TemplateProblemCodes"/>.</param>
/// <param name="Message">What is wrong and what to do, e.g. <c>Unknown variable 'custmer.name'; did you mean 'customer.name'?</c></param>
/// <param name="Line">1-based line in the template (or partial) named by <paramref name="Template"/>.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Template">Template or partial the position refers to.</param>
public sealed record TemplateProblem(string Code, string Message, int Line, int Column, string Template)
{
    /// <inheritdoc />
    public override string ToString() => $"{Template}:{Line}:{Column}: {Code}: {Message}";
}

/// <summary>The codes a <see cref="TemplateProblem"/> carries.</summary>
public static class TemplateProblemCodes
{
    public const string Syntax = "syntax";
    public const string UnclosedBlock = "unclosed-block";
    public const string MismatchedBlock = "mismatched-block";
    public const string UnknownVariable = "unknown-variable";
    public const string UnknownHelper = "unknown-helper";
    public const string UnknownPartial = "unknown-partial";
    public const string HelperWithoutArguments = "helper-without-arguments";
}
