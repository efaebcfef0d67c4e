using System.Text.Json.Nodes;
using OmsFlow.Workflows.Definitions;

namespace OmsFlow.Workflows.Activities;

/// <summary>A step bound to its activity type, ready to create configured activities quickly; see <see cref="ActivityDescriptor.Bind"/>.</summary>
public sealed class StepBinding
{
    private readonly Action<Activity>[] _literals;
    private readonly (InputDescriptor Input, object? Value)[] _expressions;

    internal StepBinding(StepDefinition step, ActivityDescriptor activity, Action<Activity>[] literals, (InputDescriptor, object?)[] expressions)
    {
        Step = step;
        Activity = activity;
        _literals = literals;
        _expressions = expressions;
    }

    public StepDefinition Step { get; }

    public ActivityDescriptor Activity { get; }

    /// <summary>Whether any input holds an expression (if not, <see cref="CreateActivity"/> never calls its evaluator).</summary>
    public bool HasExpressions => _expressions.Length > 0;

    /// <summary>A new activity with every input set; <paramref name="evaluate"/> gets each expression's text after '='.</summary>
    /// <exception cref="ActivityInputException">An expression's value does not fit its input.</exception>
    public Activity CreateActivity(Func<string, JsonNode?> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        var activity = Activity.Create();
        foreach (var set in _literals)
        {
            set(activity);
        }
        foreach (var (input, value) in _expressions)
        {
            // A whole input that is one expression (the common case) is evaluated without walking or copying.
            input.Set(activity, value is string expression ? evaluate(expression) : InputExpressions.Resolve((JsonNode?)value, evaluate));
        }
        return activity;
    }
}
