using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OmsFlow.Workflows.Definitions;

internal sealed partial class WorkflowBinder
{
    private static readonly string[] StepFields = ["activity", "description", "inputs", "next", "body", "retry", "compensate", "sensitive", "layout"];
    private static readonly string[] RetryFields = ["attempts", "delay", "backoff", "maxDelay"];
    private static readonly string[] LayoutFields = ["x", "y"];
    private static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(1);

    private List<StepDefinition> Steps(JsonObject document)
    {
        var steps = new List<StepDefinition>();
        if (!document.ContainsKey("steps"))
        {
            Error("missing-field", "The workflow has no 'steps'; add a mapping of step names to steps.", "steps", new SourcePosition(1, 1));
            return steps;
        }
        if (Mapping(document, "steps", "steps") is not { } mapping)
        {
            return steps;
        }
        foreach (var (name, value) in mapping)
        {
            var path = "steps." + name;
            if (!StepNamePattern().IsMatch(name))
            {
                Error("bad-step-name", $"Step name '{name}' may only use letters, digits, '-' and '_'.", path);
            }
            if (value is not JsonObject step)
            {
                Error("wrong-kind", $"Step '{name}' must be a mapping with at least 'activity', not {KindOf(value)}.", path);
                // Kept without an activity so that transitions to it are not reported a second time.
                steps.Add(new StepDefinition { Name = name, Activity = string.Empty });
                continue;
            }
            steps.Add(Step(name, step, path));
        }
        return steps;
    }

    private StepDefinition Step(string name, JsonObject step, string path)
    {
        CheckFields(step, path, StepFields, "step");
        var activity = Text(step, "activity", path + ".activity");
        if (activity is null)
        {
            Error("missing-field", $"Step '{name}' has no 'activity'; name what it does, e.g. 'activity: SetVariable'.", path);
        }
        var inputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (Mapping(step, "inputs", path + ".inputs") is { } inputMapping)
        {
            foreach (var (input, value) in inputMapping)
            {
                inputs[input] = value?.DeepClone();
            }
        }
        return new StepDefinition
        {
            Name = name,
            Activity = activity ?? string.Empty,
            Description = Text(step, "description", path + ".description"),
            Inputs = inputs,
            Next = Next(step, path + ".next"),
            Body = Text(step, "body", path + ".body"),
            Retry = Retry(step, path + ".retry"),
            Compensate = Text(step, "compensate", path + ".compensate"),
            Sensitive = Sensitive(step, path + ".sensitive"),
            Layout = Layout(step, path + ".layout"),
        };
    }

    private Dictionary<string, string> Next(JsonObject step, string path)
    {
        var next = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!step.TryGetPropertyValue("next", out var node) || node is null)
        {
            return next;
        }
        switch (node)
        {
            case JsonValue:
                next[StepDefinition.CatchAllOutcome] = TextOf(node);
                break;
            case JsonObject outcomes:
                foreach (var (outcome, target) in outcomes)
                {
                    // An explicit empty target ends the path, the same as not listing the outcome.
                    if (target is null)
                    {
                        continue;
                    }
                    if (target is not JsonValue)
                    {
                        Error("wrong-kind", $"The target of outcome '{outcome}' must be a step name, not {KindOf(target)}.", $"{path}.{outcome}");
                        continue;
                    }
                    next[outcome] = TextOf(target);
                }
                break;
            default:
                Error("wrong-kind", "'next' is a step name or a mapping of outcome to step name, such as { approved: ship, rejected: cancel }; not a list.", path);
                break;
        }
        return next;
    }

    private RetryPolicy? Retry(JsonObject step, string path)
    {
        if (!step.TryGetPropertyValue("retry", out var node) || node is null)
        {
            return null;
        }
        if (node is JsonValue)
        {
            return Attempts(node, path) is { } count ? new RetryPolicy(count, DefaultRetryDelay) : null;
        }
        if (node is not JsonObject retry)
        {
            Error("wrong-kind", "'retry' is a number of attempts or a mapping such as { attempts: 3, delay: 2s, backoff: exponential, maxDelay: 1m }.", path);
            return null;
        }
        CheckFields(retry, path, RetryFields, "retry policy");
        var attempts = retry["attempts"] is { } attemptsNode ? Attempts(attemptsNode, path + ".attempts") : null;
        if (!retry.ContainsKey("attempts"))
        {
            Error("missing-field", "'retry' needs 'attempts', the total number of tries including the first.", path);
        }
        var backoff = BackoffKind.Exponential;
        if (Text(retry, "backoff", path + ".backoff") is { } kind && !Enum.TryParse(kind, ignoreCase: true, out backoff))
        {
            Error("bad-value", $"backoff is '{kind}'; write 'fixed' or 'exponential'.", path + ".backoff");
        }
        var delay = Duration(retry, "delay", path + ".delay") ?? DefaultRetryDelay;
        var maxDelay = Duration(retry, "maxDelay", path + ".maxDelay");
        return attempts is { } total ? new RetryPolicy(total, delay, backoff, maxDelay) : null;
    }

    private int? Attempts(JsonNode node, string path)
    {
        if (node.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var count)
            && decimal.Truncate(count) == count && count is >= 1 and <= 1000)
        {
            return (int)count;
        }
        Error("bad-value", $"attempts must be a whole number from 1 to 1000, not {KindOf(node)}.", path);
        return null;
    }

    private List<string> Sensitive(JsonObject step, string path)
    {
        var names = new List<string>();
        switch (step["sensitive"])
        {
            case null:
                break;
            case JsonValue single:
                names.Add(TextOf(single));
                break;
            case JsonArray list:
                for (var index = 0; index < list.Count; index++)
                {
                    if (list[index] is JsonValue item)
                    {
                        names.Add(TextOf(item));
                    }
                    else
                    {
                        Error("wrong-kind", $"'sensitive' lists input names; item {index + 1} is {KindOf(list[index])}.", $"{path}[{index}]");
                    }
                }
                break;
            default:
                Error("wrong-kind", "'sensitive' is a list of input names such as [card, iban].", path);
                break;
        }
        return names;
    }

    private StepLayout? Layout(JsonObject step, string path)
    {
        if (Mapping(step, "layout", path) is not { } layout)
        {
            return null;
        }
        CheckFields(layout, path, LayoutFields, "layout");
        double? Coordinate(string axis)
        {
            var node = layout[axis];
            if (node?.GetValueKind() == JsonValueKind.Number)
            {
                return double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);
            }
            Error("wrong-kind", $"layout.{axis} must be a number, not {KindOf(node)}.", $"{path}.{axis}");
            return null;
        }
        var x = Coordinate("x");
        var y = Coordinate("y");
        return x is { } left && y is { } top ? new StepLayout(left, top) : null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex StepNamePattern();
}
