namespace OmsFlow.Rules.Execution;

/// <summary>
/// A rule failed to compile or run while <see cref="ReSettings.EnableExceptionAsErrorMessage"/> is false; the message
/// has RulesEngine's prefix ("Exception while parsing expression", "Error while executing rule", ...).
/// </summary>
public sealed class RuleEvaluationException : Exception
{
    public RuleEvaluationException()
    {
    }

    public RuleEvaluationException(string message)
        : base(message)
    {
    }

    public RuleEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
