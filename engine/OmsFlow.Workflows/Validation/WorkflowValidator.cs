using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Expressions;
using ValueType = OmsFlow.Workflows.Definitions.ValueType;

namespace OmsFlow.Workflows.Validation;

/// <summary>
/// Checks a workflow against the registered activities and the expression language, reporting each problem with
/// file, line:column, step, field and what to do. Errors block publishing; warnings do not.
/// </summary>
/// <remarks>Thread-safe: one validator serves every request.</remarks>
public sealed partial class WorkflowValidator
{
    /// <summary>Names every expression may use besides the workflow's inputs and variables.</summary>
    public static readonly IReadOnlyList<string> ScopeNames = ["input", "steps", "item", "index", "instance", "compensation"];

    private readonly ActivityRegistry _activities;
    private readonly IExpressionEvaluator? _expressions;

    /// <param name="expressions">Checks <c>=expressions</c>; without it they are not checked.</param>
    public WorkflowValidator(ActivityRegistry activities, IExpressionEvaluator? expressions = null)
    {
        ArgumentNullException.ThrowIfNull(activities);
        _activities = activities;
        _expressions = expressions;
    }

    /// <summary>Every problem of <paramref name="definition"/>, in file order.</summary>
    /// <param name="knownWorkflows">
    /// Ids of the workflows a <c>CallWorkflow</c> step may start (the deployed ones and this definition's release);
    /// null skips that check.
    /// </param>
    public IReadOnlyList<DefinitionProblem> Validate(WorkflowDefinition definition, IReadOnlyCollection<string>? knownWorkflows = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var run = new Run(definition, knownWorkflows);
        CheckWorkflow(run);
        CheckTriggers(run);
        CheckSteps(run);
        CheckGraph(run);
        return Ordered(run.Problems);
    }

    /// <summary>Reads YAML or JSON text and validates it: reading problems and model problems together, in file order.</summary>
    public WorkflowParseResult ParseAndValidate(string text, string? file = null, IReadOnlyCollection<string>? knownWorkflows = null)
    {
        var parsed = WorkflowYaml.Parse(text, file);
        if (parsed.Definition is null)
        {
            return parsed;
        }
        var problems = Ordered([.. parsed.Problems, .. Validate(parsed.Definition, knownWorkflows)]);
        return new WorkflowParseResult(parsed.Definition, problems);
    }

    private static List<DefinitionProblem> Ordered(IEnumerable<DefinitionProblem> problems)
        => [.. problems.Distinct().OrderBy(p => p.Position is null).ThenBy(p => p.Position?.Line).ThenBy(p => p.Position?.Column)];

    private void CheckWorkflow(Run run)
    {
        var definition = run.Definition;
        if (definition.Id.Length > MaxIdLength)
        {
            // Definition ids are keys in the store (at most 200 characters there): a longer one could never be published.
            run.Error("bad-id", $"The id '{definition.Id[..40]}...' is {definition.Id.Length} characters long; use at most {MaxIdLength}.", "id");
        }
        else if (definition.Id.Length > 0 && !IdPattern().IsMatch(definition.Id))
        {
            run.Error("bad-id", $"The id '{definition.Id}' may only use lowercase letters, digits and single hyphens, e.g. 'order-approval'.", "id");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (parameter, kind) in definition.Inputs.Select(p => (p, "inputs")).Concat(definition.Variables.Select(p => (p, "variables"))))
        {
            var path = $"{kind}.{parameter.Name}";
            if (!seen.Add(parameter.Name))
            {
                run.Error("duplicate-name", $"'{parameter.Name}' is declared both as an input and as a variable; expressions could not tell them apart, so rename one.", path);
            }
            if (ScopeNames.Contains(parameter.Name))
            {
                run.Error("reserved-name", $"'{parameter.Name}' is a name every expression already has ({string.Join(", ", ScopeNames)}); choose another name.", path);
            }
            if (!NamePattern().IsMatch(parameter.Name))
            {
                run.Error("bad-name", $"'{parameter.Name}' cannot be used in expressions; use letters, digits and '_', starting with a letter.", path);
            }
            if (parameter.Default is { } value && !InputExpressions.IsExpression(value) && !Fits(value, parameter.Type))
            {
                run.Error("wrong-type", $"The default of '{parameter.Name}' is {Describe(value)}, but its type is {ValueTypeNames.Name(parameter.Type)}; change the default or the type.", path + ".default");
            }
        }
        foreach (var (name, value) in definition.Outputs)
        {
            CheckExpressions(run, value, $"outputs.{name}", run.ExpressionScope);
        }
    }

    private void CheckTriggers(Run run)
    {
        var hooks = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var triggerScope = run.Definition.Inputs.Select(i => i.Name).Append("input").ToList();
        for (var index = 0; index < run.Definition.Triggers.Count; index++)
        {
            var trigger = run.Definition.Triggers[index];
            var path = $"triggers[{index}]";
            switch (trigger.Kind)
            {
                case TriggerKind.Hook when string.IsNullOrWhiteSpace(trigger.HookPath) || !HookPattern().IsMatch(trigger.HookPath):
                    run.Error("bad-hook-path", $"Hook path '{trigger.HookPath}' must be segments of letters, digits, '-', '_' or '.', separated by '/', e.g. 'orders' or 'shop/orders'.", path + ".hook");
                    break;
                case TriggerKind.Hook:
                    var key = $"{trigger.Method} {trigger.HookPath}";
                    if (hooks.TryGetValue(key, out var first))
                    {
                        run.Error("duplicate-hook", $"Trigger {first + 1} already listens on {trigger.Method} /hooks/{trigger.HookPath}; a call there must start one workflow, so give this hook another path.", path + ".hook");
                    }
                    else
                    {
                        hooks[key] = index;
                    }
                    break;
                case TriggerKind.Event when string.IsNullOrWhiteSpace(trigger.Event):
                    run.Error("bad-event", "The event name is empty; name the event, e.g. 'order.changed'.", path + ".event");
                    break;
                case TriggerKind.Cron when CronProblem(trigger.Cron) is { } cronProblem:
                    run.Error("bad-cron", $"The cron expression \"{trigger.Cron}\" is not valid: {cronProblem}.", path + ".cron");
                    break;
                case TriggerKind.Timer when trigger.Every is { } every && every <= TimeSpan.Zero:
                    run.Error("bad-duration", "'every' must be longer than zero, e.g. 15m.", path + ".every");
                    break;
            }
            if (trigger.Correlation is { } correlation)
            {
                CheckExpression(run, correlation, path + ".correlation", triggerScope, textOffset: correlation.Length == 0 ? 0 : 1);
            }
        }
    }

    private static bool Fits(JsonNode? value, ValueType type)
    {
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        return type switch
        {
            ValueType.Any => true,
            _ when kind == JsonValueKind.Null => true,
            ValueType.String => kind == JsonValueKind.String,
            ValueType.Int => kind == JsonValueKind.Number && decimal.TryParse(value!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var n) && decimal.Truncate(n) == n,
            ValueType.Decimal => kind == JsonValueKind.Number,
            ValueType.Bool => kind is JsonValueKind.True or JsonValueKind.False,
            ValueType.DateTime => kind == JsonValueKind.String && DateTimeOffset.TryParse(value!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _),
            ValueType.Duration => kind == JsonValueKind.String && DurationText.TryParse(value!.GetValue<string>(), out _),
            ValueType.Object => kind == JsonValueKind.Object,
            ValueType.Array => kind == JsonValueKind.Array,
            _ => true,
        };
    }

    private static string Describe(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => $"the text {value.ToJsonString()}",
        JsonValueKind.Object => "a mapping",
        JsonValueKind.Array => "a list",
        _ => value?.ToJsonString() ?? "null",
    };

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    /// <summary>The longest definition id the store keeps.</summary>
    public const int MaxIdLength = 200;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*$")]
    private static partial Regex HookPattern();

    private static string? CronProblem(string? text)
    {
        try
        {
            Scheduling.CronExpression.Parse(text ?? string.Empty);
            return null;
        }
        catch (Scheduling.ScheduleFormatException ex)
        {
            return ex.Message;
        }
    }
}
