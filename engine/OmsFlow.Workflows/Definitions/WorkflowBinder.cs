using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Definitions;

/// <summary>
/// Builds a <see cref="WorkflowDefinition"/> from the JSON form of a document, reporting every field of the wrong
/// kind with its position; it keeps going so one pass shows all problems.
/// </summary>
internal sealed partial class WorkflowBinder
{
    private static readonly string[] RootFields = ["id", "name", "description", "onFault", "inputs", "variables", "outputs", "triggers", "start", "steps"];
    private static readonly string[] ParameterFields = ["type", "required", "default", "description"];
    private static readonly string[] TriggerFields = ["hook", "method", "event", "cron", "every", "correlation", "input"];
    private static readonly string[] TriggerKinds = ["hook", "event", "cron", "every"];
    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private readonly SourceMap _source;
    private readonly List<DefinitionProblem> _problems = [];

    private WorkflowBinder(SourceMap source)
    {
        _source = source;
    }

    public static (WorkflowDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems) Bind(JsonNode? root, SourceMap source)
    {
        var binder = new WorkflowBinder(source);
        var definition = binder.BindRoot(root);
        return (definition, binder._problems);
    }

    private WorkflowDefinition? BindRoot(JsonNode? root)
    {
        if (root is null)
        {
            Error("empty-definition", "The document is empty; a workflow needs at least 'id' and 'steps'.", string.Empty, new SourcePosition(1, 1));
            return null;
        }
        if (root is not JsonObject document)
        {
            Error("expected-mapping", $"A workflow is a mapping of fields (id, name, steps, ...), not {KindOf(root)}.", string.Empty, new SourcePosition(1, 1));
            return null;
        }
        CheckFields(document, string.Empty, RootFields, "workflow");
        var id = Text(document, "id", "id");
        if (id is null)
        {
            Error("missing-field", "The workflow has no 'id'; add one such as 'id: order-approval'.", "id", new SourcePosition(1, 1));
        }
        var onFault = FaultPolicy.Compensate;
        if (Text(document, "onFault", "onFault") is { } policy && !Enum.TryParse(policy, ignoreCase: true, out onFault))
        {
            Error("bad-value", $"onFault is '{policy}'; write 'compensate' (undo completed steps) or 'incident' (stop for an operator).", "onFault");
        }
        return new WorkflowDefinition
        {
            Id = id ?? string.Empty,
            Name = Text(document, "name", "name"),
            Description = Text(document, "description", "description"),
            OnFault = onFault,
            Inputs = Parameters(document, "inputs"),
            Variables = Parameters(document, "variables"),
            Outputs = Outputs(document),
            Triggers = Triggers(document),
            Start = Text(document, "start", "start"),
            Steps = Steps(document),
            Source = _source,
        };
    }

    private List<ParameterDefinition> Parameters(JsonObject document, string field)
    {
        var parameters = new List<ParameterDefinition>();
        if (Mapping(document, field, field) is not { } mapping)
        {
            return parameters;
        }
        foreach (var (name, value) in mapping)
        {
            var path = $"{field}.{name}";
            switch (value)
            {
                case null:
                    parameters.Add(new ParameterDefinition(name, ValueType.Any));
                    break;
                case JsonValue:
                    parameters.Add(new ParameterDefinition(name, TypeName(TextOf(value), path)));
                    break;
                case JsonObject declaration:
                    CheckFields(declaration, path, ParameterFields, $"{field[..^1]} '{name}'");
                    var type = Text(declaration, "type", path + ".type") is { } typeName ? TypeName(typeName, path + ".type") : ValueType.Any;
                    parameters.Add(new ParameterDefinition(
                        name,
                        type,
                        Bool(declaration, "required", path + ".required") ?? false,
                        declaration["default"]?.DeepClone(),
                        Text(declaration, "description", path + ".description")));
                    break;
                default:
                    Error("wrong-kind", $"{char.ToUpperInvariant(field[0])}{field[1..^1]} '{name}' is a list; write a type name (e.g. 'string') or a mapping such as {{ type: int, default: 0 }}.", path);
                    break;
            }
        }
        return parameters;
    }

    private ValueType TypeName(string name, string path)
    {
        if (ValueTypeNames.TryParse(name, out var type))
        {
            return type;
        }
        Error("unknown-type", $"'{name}' is not a type.{Suggestions.DidYouMean(name, ValueTypeNames.Canonical)} Types are {string.Join(", ", ValueTypeNames.Canonical)}.", path);
        return ValueType.Any;
    }

    private Dictionary<string, JsonNode?> Outputs(JsonObject document)
    {
        var outputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (Mapping(document, "outputs", "outputs") is { } mapping)
        {
            foreach (var (name, value) in mapping)
            {
                outputs[name] = value?.DeepClone();
            }
        }
        return outputs;
    }

    private List<TriggerDefinition> Triggers(JsonObject document)
    {
        var triggers = new List<TriggerDefinition>();
        if (!document.TryGetPropertyValue("triggers", out var node) || node is null)
        {
            return triggers;
        }
        if (node is not JsonArray list)
        {
            Error("wrong-kind", $"'triggers' must be a list (each item starting with '-'), not {KindOf(node)}.", "triggers");
            return triggers;
        }
        for (var index = 0; index < list.Count; index++)
        {
            var path = $"triggers[{index}]";
            if (list[index] is not JsonObject item)
            {
                Error("wrong-kind", $"Trigger {index + 1} must be a mapping such as {{ hook: orders }} or {{ cron: \"0 2 * * *\" }}.", path);
                continue;
            }
            CheckFields(item, path, TriggerFields, "trigger");
            var kinds = TriggerKinds.Where(item.ContainsKey).ToList();
            if (kinds.Count != 1)
            {
                var found = kinds.Count == 0 ? "none" : string.Join(" and ", kinds);
                Error("trigger-kind", $"A trigger sets exactly one of hook, event, cron or every; this one sets {found}.", path);
                continue;
            }
            var method = (Text(item, "method", path + ".method") ?? "POST").ToUpperInvariant();
            if (!HttpMethods.Contains(method))
            {
                Error("bad-value", $"Hook method '{method}' is not one of {string.Join(", ", HttpMethods)}.", path + ".method");
            }
            var correlation = Text(item, "correlation", path + ".correlation");
            var trigger = new TriggerDefinition
            {
                Method = method,
                Correlation = correlation is not null && correlation.StartsWith('=') ? correlation[1..] : correlation,
            };
            triggers.Add(kinds[0] switch
            {
                "hook" => trigger with { Kind = TriggerKind.Hook, HookPath = Text(item, "hook", path + ".hook")?.Trim('/'), InputName = Text(item, "input", path + ".input") },
                "event" => trigger with { Kind = TriggerKind.Event, Event = Text(item, "event", path + ".event") },
                "cron" => trigger with { Kind = TriggerKind.Cron, Cron = Text(item, "cron", path + ".cron") },
                _ => trigger with { Kind = TriggerKind.Timer, Every = Duration(item, "every", path + ".every") },
            });
        }
        return triggers;
    }

    private void CheckFields(JsonObject mapping, string path, string[] known, string owner)
    {
        foreach (var (name, _) in mapping)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                var fieldPath = path.Length == 0 ? name : $"{path}.{name}";
                Error("unknown-field", $"A {owner} has no field '{name}'.{Suggestions.DidYouMean(name, known)} Fields are {string.Join(", ", known)}.", fieldPath);
            }
        }
    }

    private JsonObject? Mapping(JsonObject owner, string key, string path)
    {
        if (!owner.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }
        if (node is JsonObject mapping)
        {
            return mapping;
        }
        Error("wrong-kind", $"'{key}' must be a mapping (name: value lines), not {KindOf(node)}.", path);
        return null;
    }

    /// <summary>A text field; numbers and booleans are taken as their text (a step named 2), lists and mappings are errors.</summary>
    private string? Text(JsonObject owner, string key, string path)
    {
        if (!owner.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }
        if (node is JsonValue)
        {
            return TextOf(node);
        }
        Error("wrong-kind", $"'{key}' must be a single value, not {KindOf(node)}.", path);
        return null;
    }

    private bool? Bool(JsonObject owner, string key, string path)
    {
        if (!owner.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }
        if (node.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return node.GetValue<bool>();
        }
        Error("wrong-kind", $"'{key}' must be true or false, not {KindOf(node)}.", path);
        return null;
    }

    private TimeSpan? Duration(JsonObject owner, string key, string path)
    {
        if (Text(owner, key, path) is not { } text)
        {
            return null;
        }
        if (DurationText.TryParse(text, out var duration))
        {
            return duration;
        }
        Error("bad-duration", $"'{text}' is not a duration; write {DurationText.Example}.", path);
        return null;
    }

    private static string TextOf(JsonNode node)
        => node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    internal static string KindOf(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "empty",
        JsonValueKind.Object => "a mapping",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the text \"{node.GetValue<string>()}\"",
        JsonValueKind.Number => $"the number {node.ToJsonString()}",
        _ => string.Create(CultureInfo.InvariantCulture, $"{node.ToJsonString()}"),
    };

    private void Error(string code, string message, string path, SourcePosition? fallback = null)
    {
        var (step, field) = ProblemPaths.Split(path.Length == 0 ? null : path);
        var position = (path.Length == 0 ? null : _source.Find(path)) ?? fallback;
        _problems.Add(new DefinitionProblem(code, message, ProblemSeverity.Error, _source.File, position, step, field));
    }
}
