namespace OmsFlow.Rules.Loading;

/// <summary>One problem in a rule file: where it is (file, line:column when known, workflow, rule) and what to do.</summary>
public sealed record RuleProblem(string File, int Line, int Column, string? Workflow, string? Rule, string Message)
{
    public override string ToString()
    {
        var place = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        var workflow = Workflow is null ? string.Empty : $" workflow '{Workflow}'";
        var rule = Rule is null ? string.Empty : $" rule '{Rule}'";
        return $"{place}:{workflow}{rule}: {Message}";
    }
}

/// <summary>A rule file could not be loaded; <see cref="Problems"/> lists every problem found.</summary>
public sealed class RuleSetLoadException : Exception
{
    public RuleSetLoadException()
    {
    }

    public RuleSetLoadException(string message)
        : base(message)
    {
    }

    public RuleSetLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RuleSetLoadException(IReadOnlyList<RuleProblem> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<RuleProblem> Problems { get; } = [];
}
