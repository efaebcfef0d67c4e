using OmsFlow.Workflows.Definitions;

namespace OmsFlow.Workflows.Validation;

/// <summary>
/// One thing wrong with a definition: where (file, line:column, step, field), what, and how to fix it.
/// </summary>
/// <param name="Code">Stable machine-readable code, e.g. <c>unknown-activity</c>, <c>yaml-syntax</c>.</param>
/// <param name="Message">What is wrong and what to do, written for a business analyst.</param>
/// <param name="Step">The step concerned, if any.</param>
/// <param name="Field">The field concerned, as a path inside the step or workflow (e.g. <c>inputs.items</c>, <c>next.approved</c>).</param>
public sealed record DefinitionProblem(
    string Code,
    string Message,
    ProblemSeverity Severity = ProblemSeverity.Error,
    string? File = null,
    SourcePosition? Position = null,
    string? Step = null,
    string? Field = null)
{
    /// <summary><c>file:line:column: error code: message (step 'x', field 'y')</c>, the form compilers use.</summary>
    public override string ToString()
    {
        var where = (File, Position) switch
        {
            (not null, { } p) => $"{File}:{p.Line}:{p.Column}: ",
            (not null, null) => $"{File}: ",
            (null, { } p) => $"{p.Line}:{p.Column}: ",
            _ => string.Empty,
        };
        var subject = (Step, Field) switch
        {
            (not null, not null) => $" (step '{Step}', field '{Field}')",
            (not null, null) => $" (step '{Step}')",
            (null, not null) => $" (field '{Field}')",
            _ => string.Empty,
        };
        var severity = Severity == ProblemSeverity.Error ? "error" : "warning";
        return $"{where}{severity} {Code}: {Message}{subject}";
    }
}

public enum ProblemSeverity
{
    Error,
    Warning,
}
