namespace OmsFlow.Workflows.Activities;

/// <summary>
/// Marks a class as an activity and carries the metadata the designer's toolbox shows.
/// The engine and the designer read the same attributes, so they cannot disagree.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string type) : Attribute
{
    /// <summary>The name used in definitions (<c>activity: WaitForSignal</c>).</summary>
    public string Type { get; } = type;

    /// <summary>Toolbox group, e.g. "Control flow", "Blocking", "Orders".</summary>
    public string Category { get; init; } = "General";

    public string Description { get; init; } = string.Empty;

    /// <summary>Outcomes the activity can end with; an activity whose outcomes come from its inputs (Switch, Fork, HumanTask) lists none and sets <see cref="DynamicOutcomes"/>.</summary>
    public string[] Outcomes { get; init; } = ["done"];

    /// <summary>Outcomes are named by the step itself (its <c>next</c> keys or an input such as <c>outcomes</c>).</summary>
    public bool DynamicOutcomes { get; init; }

    /// <summary>The activity can suspend the instance on a bookmark.</summary>
    public bool Blocking { get; init; }

    /// <summary>The engine commits right after this step completes (side effects such as reservations must not be redone after a crash).</summary>
    public bool CommitAfter { get; init; }
}

/// <summary>
/// Marks a settable property of an activity as an input; its CLR type is the input's type.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class InputAttribute : Attribute
{
    public string Description { get; init; } = string.Empty;

    public bool Required { get; init; }

    /// <summary>Journal records the value as <c>***</c>.</summary>
    public bool Sensitive { get; init; }

    /// <summary>Allowed literal values (rendered as a drop-down).</summary>
    public string[]? Options { get; init; }

    /// <summary>Editor hint for the designer: <c>expression</c>, <c>multiline</c>, <c>javascript</c>, <c>json</c>, <c>duration</c>.</summary>
    public string? Editor { get; init; }
}
