using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Definitions;

/// <summary>
/// The outcome of reading a definition: the model (null when the text is not a workflow at all) and every problem
/// found while reading, with file and line:column.
/// </summary>
/// <remarks>
/// A definition is returned whenever the document is a mapping, even with problems, so that the validator can report
/// more in the same pass; use <see cref="Succeeded"/> before running it.
/// </remarks>
public sealed class WorkflowParseResult
{
    internal WorkflowParseResult(WorkflowDefinition? definition, IReadOnlyList<DefinitionProblem> problems)
    {
        Definition = definition;
        Problems = problems;
    }

    public WorkflowDefinition? Definition { get; }

    public IReadOnlyList<DefinitionProblem> Problems { get; }

    /// <summary>A definition was read and no problem is an error.</summary>
    public bool Succeeded => Definition is not null && !Problems.Any(p => p.Severity == ProblemSeverity.Error);

    /// <summary>The definition, or <see cref="WorkflowDefinitionException"/> listing the errors.</summary>
    public WorkflowDefinition GetDefinitionOrThrow()
        => Succeeded ? Definition! : throw new WorkflowDefinitionException(Problems);
}

/// <summary>A definition could not be read or is invalid; <see cref="Problems"/> says where and why.</summary>
public sealed class WorkflowDefinitionException : Exception
{
    public WorkflowDefinitionException()
    {
    }

    public WorkflowDefinitionException(string message)
        : base(message)
    {
    }

    public WorkflowDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WorkflowDefinitionException(IReadOnlyList<DefinitionProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<DefinitionProblem> Problems { get; } = [];

    private static string Describe(IReadOnlyList<DefinitionProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var errors = problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        return errors.Count switch
        {
            0 => "The workflow definition is invalid.",
            1 => "The workflow definition is invalid: " + errors[0],
            _ => $"The workflow definition has {errors.Count} errors:{Environment.NewLine}" + string.Join(Environment.NewLine, errors),
        };
    }
}
