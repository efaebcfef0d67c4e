using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Definitions;

/// <summary>
/// A workflow: a flowchart of named steps with inputs, variables, outputs and triggers.
/// The same model is read from YAML files in definitions/workflows and from JSON over the API.
/// </summary>
public sealed class WorkflowDefinition
{
    /// <summary>Stable id, e.g. <c>order-fulfilment</c>; used in URLs and by sub-workflow calls.</summary>
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Declared inputs the instance starts with (name, type, required, default).</summary>
    public IReadOnlyList<ParameterDefinition> Inputs { get; init; } = [];

    /// <summary>Typed variables with defaults, visible to every expression by name.</summary>
    public IReadOnlyList<ParameterDefinition> Variables { get; init; } = [];

    /// <summary>Output name to value (a literal or an <c>=expression</c>) computed when the instance completes.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Outputs { get; init; } = new Dictionary<string, JsonNode?>();

    public IReadOnlyList<TriggerDefinition> Triggers { get; init; } = [];

    /// <summary>The first step; defaults to the first step listed.</summary>
    public string? Start { get; init; }

    /// <summary>What happens when a step faults after its retries: see <see cref="FaultPolicy"/>.</summary>
    public FaultPolicy OnFault { get; init; } = FaultPolicy.Compensate;

    /// <summary>Steps in the order they are written.</summary>
    public IReadOnlyList<StepDefinition> Steps { get; init; } = [];

    /// <summary>Where each part of this definition was written (for file:line:column errors); empty for definitions built in code.</summary>
    public SourceMap Source { get; init; } = SourceMap.Empty;

    public string StartStep => Start ?? (Steps.Count > 0 ? Steps[0].Name : string.Empty);

    public StepDefinition? FindStep(string name)
    {
        foreach (var step in Steps)
        {
            if (string.Equals(step.Name, name, StringComparison.Ordinal))
            {
                return step;
            }
        }
        return null;
    }
}

/// <summary>What an instance does when a step faults and its retries are used up.</summary>
public enum FaultPolicy
{
    /// <summary>Run the compensation of every completed step in reverse order, then end Faulted with an incident (a saga).</summary>
    Compensate,

    /// <summary>Stop Faulted with an open incident; an operator retries the step or cancels (which compensates).</summary>
    Incident,
}

/// <summary>A workflow input or variable: name, type and optional default.</summary>
public sealed record ParameterDefinition(string Name, ValueType Type, bool Required = false, JsonNode? Default = null, string? Description = null);

/// <summary>The value types the DSL knows; <see cref="Any"/> skips type checks.</summary>
public enum ValueType
{
    Any,
    String,
    Int,
    Decimal,
    Bool,
    DateTime,
    Duration,
    Object,
    Array,
}

/// <summary>
/// A step: one activity, its inputs and its outcome-labelled transitions.
/// </summary>
/// <remarks>
/// Inputs are JSON values; any string that starts with <c>=</c> is an expression (write <c>==</c> for a literal leading '=').
/// Expressions may appear at any depth inside object and array inputs.
/// <see cref="Next"/> maps an outcome to the next step; the key <c>*</c> catches every outcome not listed
/// (the YAML form <c>next: ship</c>).
/// </remarks>
public sealed class StepDefinition
{
    public required string Name { get; init; }

    /// <summary>Activity type name as registered, e.g. <c>If</c>, <c>WaitForSignal</c>, <c>ReserveInventory</c>.</summary>
    public required string Activity { get; init; }

    public string? Description { get; init; }

    public IReadOnlyDictionary<string, JsonNode?> Inputs { get; init; } = new Dictionary<string, JsonNode?>();

    public IReadOnlyDictionary<string, string> Next { get; init; } = new Dictionary<string, string>();

    /// <summary>Entry step of the loop body for <c>ForEach</c>; the body ends on a step with no transition for its outcome.</summary>
    public string? Body { get; init; }

    public RetryPolicy? Retry { get; init; }

    /// <summary>Step (a chain ending where it has no transition) run to undo this step, in reverse order of completion.</summary>
    public string? Compensate { get; init; }

    /// <summary>Inputs whose values the journal records as <c>***</c>.</summary>
    public IReadOnlyList<string> Sensitive { get; init; } = [];

    /// <summary>Designer position on the canvas.</summary>
    public StepLayout? Layout { get; init; }

    /// <summary>Target for an outcome: the exact outcome first, then the <c>*</c> catch-all; null ends this path.</summary>
    public string? TargetFor(string outcome)
    {
        if (Next.TryGetValue(outcome, out var target))
        {
            return target;
        }
        return Next.TryGetValue(CatchAllOutcome, out var any) ? any : null;
    }

    public const string CatchAllOutcome = "*";
}

public sealed record StepLayout(double X, double Y);

/// <summary>Retry with backoff: <c>retry: { attempts: 3, delay: 2s, backoff: exponential, maxDelay: 1m }</c>.</summary>
public sealed record RetryPolicy(int Attempts, TimeSpan Delay, BackoffKind Backoff = BackoffKind.Exponential, TimeSpan? MaxDelay = null)
{
    /// <summary>Delay before attempt number <paramref name="nextAttempt"/> (2 = first retry).</summary>
    public TimeSpan DelayBefore(int nextAttempt)
    {
        var factor = Backoff == BackoffKind.Exponential ? Math.Pow(2, Math.Max(0, nextAttempt - 2)) : 1;
        var delay = TimeSpan.FromTicks((long)Math.Min(Delay.Ticks * factor, TimeSpan.MaxValue.Ticks / 2));
        return MaxDelay is { } max && delay > max ? max : delay;
    }
}

public enum BackoffKind
{
    Fixed,
    Exponential,
}

/// <summary>How an instance of this workflow may be started.</summary>
/// <remarks>
/// Exactly one of <see cref="HookPath"/>, <see cref="Event"/>, <see cref="Cron"/>, <see cref="Every"/> is set.
/// <see cref="Correlation"/> is an expression over <c>input</c> giving the correlation key (e.g. the order id).
/// </remarks>
public sealed record TriggerDefinition
{
    public TriggerKind Kind { get; init; }

    public string? HookPath { get; init; }

    public string Method { get; init; } = "POST";

    public string? Event { get; init; }

    public string? Cron { get; init; }

    public TimeSpan? Every { get; init; }

    public string? Correlation { get; init; }

    /// <summary>For hooks: the workflow input that receives the whole request body (e.g. <c>order</c>); when unset, the body's fields are the inputs.</summary>
    public string? InputName { get; init; }
}

public enum TriggerKind
{
    Hook,
    Event,
    Cron,
    Timer,
}
