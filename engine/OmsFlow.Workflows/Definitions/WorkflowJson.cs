using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Definitions;

/// <summary>
/// The JSON form of a workflow, as the API sends and receives it: the same shape as the YAML files
/// (steps as an ordered object keyed by name, <c>next</c> as a plain step name when it only has the catch-all).
/// </summary>
public static class WorkflowJson
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads JSON text (positions are line:column in that text).</summary>
    public static WorkflowParseResult Parse(string json, string? file = null) => WorkflowYaml.Parse(json, file);

    /// <summary>Reads an already-parsed JSON document (no positions).</summary>
    public static WorkflowParseResult FromNode(JsonNode? document, string? file = null)
    {
        var (definition, problems) = WorkflowBinder.Bind(document, new SourceMap(file, []));
        return new WorkflowParseResult(definition, problems);
    }

    /// <summary>The canonical indented JSON text of <paramref name="definition"/>.</summary>
    public static string Write(WorkflowDefinition definition) => ToNode(definition).ToJsonString(Indented);

    /// <summary>
    /// The canonical JSON of <paramref name="definition"/>; fields at their default (no description, onFault
    /// compensate, method POST) are left out, so equal definitions give equal text.
    /// </summary>
    public static JsonObject ToNode(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var root = new JsonObject { ["id"] = definition.Id };
        AddIfSet(root, "name", definition.Name);
        AddIfSet(root, "description", definition.Description);
        if (definition.OnFault != FaultPolicy.Compensate)
        {
            root["onFault"] = JsonNamingPolicy.CamelCase.ConvertName(definition.OnFault.ToString());
        }
        AddIfAny(root, "inputs", Parameters(definition.Inputs));
        AddIfAny(root, "variables", Parameters(definition.Variables));
        AddIfAny(root, "outputs", Values(definition.Outputs));
        if (definition.Triggers.Count > 0)
        {
            root["triggers"] = new JsonArray([.. definition.Triggers.Select(Trigger)]);
        }
        AddIfSet(root, "start", definition.Start);
        var steps = new JsonObject();
        foreach (var step in definition.Steps)
        {
            steps[step.Name] = Step(step);
        }
        root["steps"] = steps;
        return root;
    }

    private static JsonObject Parameters(IReadOnlyList<ParameterDefinition> parameters)
    {
        var mapping = new JsonObject();
        foreach (var parameter in parameters)
        {
            var type = ValueTypeNames.Name(parameter.Type);
            if (!parameter.Required && parameter.Default is null && parameter.Description is null)
            {
                mapping[parameter.Name] = type;
                continue;
            }
            var declaration = new JsonObject { ["type"] = type };
            if (parameter.Required)
            {
                declaration["required"] = true;
            }
            if (parameter.Default is not null)
            {
                declaration["default"] = parameter.Default.DeepClone();
            }
            AddIfSet(declaration, "description", parameter.Description);
            mapping[parameter.Name] = declaration;
        }
        return mapping;
    }

    private static JsonObject Trigger(TriggerDefinition trigger)
    {
        var node = new JsonObject();
        switch (trigger.Kind)
        {
            case TriggerKind.Hook:
                node["hook"] = trigger.HookPath;
                if (trigger.InputName is not null)
                {
                    node["input"] = trigger.InputName;
                }
                if (!string.Equals(trigger.Method, "POST", StringComparison.OrdinalIgnoreCase))
                {
                    node["method"] = trigger.Method;
                }
                break;
            case TriggerKind.Event:
                node["event"] = trigger.Event;
                break;
            case TriggerKind.Cron:
                node["cron"] = trigger.Cron;
                break;
            case TriggerKind.Timer:
                node["every"] = trigger.Every is { } every ? DurationText.Format(every) : null;
                break;
        }
        if (trigger.Correlation is not null)
        {
            node["correlation"] = "=" + trigger.Correlation;
        }
        return node;
    }

    private static JsonObject Step(StepDefinition step)
    {
        var node = new JsonObject { ["activity"] = step.Activity };
        AddIfSet(node, "description", step.Description);
        AddIfAny(node, "inputs", Values(step.Inputs));
        if (step.Next.Count == 1 && step.Next.TryGetValue(StepDefinition.CatchAllOutcome, out var only))
        {
            node["next"] = only;
        }
        else if (step.Next.Count > 0)
        {
            var next = new JsonObject();
            foreach (var (outcome, target) in step.Next)
            {
                next[outcome] = target;
            }
            node["next"] = next;
        }
        AddIfSet(node, "body", step.Body);
        if (step.Retry is { } retry)
        {
            var policy = new JsonObject
            {
                ["attempts"] = retry.Attempts,
                ["delay"] = DurationText.Format(retry.Delay),
                ["backoff"] = JsonNamingPolicy.CamelCase.ConvertName(retry.Backoff.ToString()),
            };
            if (retry.MaxDelay is { } maxDelay)
            {
                policy["maxDelay"] = DurationText.Format(maxDelay);
            }
            node["retry"] = policy;
        }
        AddIfSet(node, "compensate", step.Compensate);
        if (step.Sensitive.Count > 0)
        {
            node["sensitive"] = new JsonArray([.. step.Sensitive.Select(s => (JsonNode?)s)]);
        }
        if (step.Layout is { } layout)
        {
            node["layout"] = new JsonObject { ["x"] = layout.X, ["y"] = layout.Y };
        }
        return node;
    }

    private static JsonObject Values(IReadOnlyDictionary<string, JsonNode?> values)
    {
        var mapping = new JsonObject();
        foreach (var (name, value) in values)
        {
            mapping[name] = value?.DeepClone();
        }
        return mapping;
    }

    private static void AddIfSet(JsonObject node, string name, string? value)
    {
        if (value is not null)
        {
            node[name] = value;
        }
    }

    private static void AddIfAny(JsonObject node, string name, JsonObject mapping)
    {
        if (mapping.Count > 0)
        {
            node[name] = mapping;
        }
    }
}
