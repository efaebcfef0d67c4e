using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Releases.Diff;

/// <summary>
/// Semantic differences between two versions of one definition, from their stored canonical content: workflows by
/// step (activity, inputs, transitions), rule sets by rule (expression, operator, success event, ...), decision tables by
/// column, hit policy and row, template sets by part (with a unified line diff).
/// </summary>
public static class DefinitionDiffer
{
    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/> (canonical content of kind <paramref name="kind"/>).</summary>
    public static IReadOnlyList<DiffChange> Compare(string kind, string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return [];
        }
        return kind switch
        {
            DefinitionCatalog.WorkflowKind => Workflows(Parse(before), Parse(after)),
            RuleSetKind.KindName => RuleSets(Parse(before), Parse(after)),
            DecisionTableKind.KindName => Tables.Compare(before, after),
            TemplateSetKind.KindName => Templates(Parse(before), Parse(after)),
            _ => [new DiffChange(ChangeKind.Changed, "content", null, null, null, LineDiff.Unified(before, after))],
        };
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) switch
    {
        JsonObject o => o,
        JsonArray a => new JsonObject { ["workflows"] = a },
        _ => [],
    };

    private static List<DiffChange> Workflows(JsonObject before, JsonObject after)
    {
        var changes = new List<DiffChange>();
        foreach (var key in Keys(before, after).Where(k => k is not "steps" and not "id"))
        {
            CompareField(changes, "workflow", key, before[key], after[key], expand: key is "inputs" or "outputs" or "variables");
        }
        var oldSteps = before["steps"] as JsonObject ?? [];
        var newSteps = after["steps"] as JsonObject ?? [];
        foreach (var name in Keys(oldSteps, newSteps))
        {
            var subject = $"step '{name}'";
            switch (oldSteps[name], newSteps[name])
            {
                case (null, JsonObject added):
                    changes.Add(new DiffChange(ChangeKind.Added, subject, null, null, Activity(added)));
                    break;
                case (JsonObject removed, null):
                    changes.Add(new DiffChange(ChangeKind.Removed, subject, null, Activity(removed), null));
                    break;
                case (JsonObject a, JsonObject b):
                    NormalizeNext(a);
                    NormalizeNext(b);
                    foreach (var field in Keys(a, b).Where(f => f != "layout"))
                    {
                        CompareField(changes, subject, field, a[field], b[field], expand: field is "inputs" or "next");
                    }
                    break;
            }
        }
        return changes;
    }

    private static List<DiffChange> RuleSets(JsonObject before, JsonObject after)
    {
        var oldRules = FlattenRules(before["workflows"] as JsonArray);
        var newRules = FlattenRules(after["workflows"] as JsonArray);
        var changes = new List<DiffChange>();
        foreach (var name in oldRules.Keys.Union(newRules.Keys, StringComparer.Ordinal))
        {
            var subject = $"rule '{name}'";
            switch (oldRules.GetValueOrDefault(name), newRules.GetValueOrDefault(name))
            {
                case (null, { } added):
                    changes.Add(new DiffChange(ChangeKind.Added, subject, null, null, Text(added["Expression"]) ?? "(rule)"));
                    break;
                case ({ } removed, null):
                    changes.Add(new DiffChange(ChangeKind.Removed, subject, null, Text(removed["Expression"]) ?? "(rule)", null));
                    break;
                case ({ } a, { } b):
                    foreach (var field in Keys(a, b).Where(f => f != "Rules"))
                    {
                        CompareField(changes, subject, Camel(field), a[field], b[field], expand: false);
                    }
                    break;
            }
        }
        return changes;
    }

    private static Dictionary<string, JsonObject> FlattenRules(JsonArray? workflows)
    {
        var rules = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var workflow in (workflows ?? []).OfType<JsonObject>())
        {
            var name = Text(workflow["WorkflowName"]) ?? string.Empty;
            Add(name, workflow["Rules"] as JsonArray);
        }
        return rules;

        void Add(string prefix, JsonArray? list)
        {
            foreach (var rule in (list ?? []).OfType<JsonObject>())
            {
                var path = prefix + "/" + (Text(rule["RuleName"]) ?? "?");
                rules[path] = rule;
                Add(path, rule["Rules"] as JsonArray);
            }
        }
    }

    private static List<DiffChange> Templates(JsonObject before, JsonObject after)
    {
        var changes = new List<DiffChange>();
        foreach (var key in Keys(before, after).Where(k => k is not "parts" and not "partials" and not "id"))
        {
            CompareField(changes, "template set", key, before[key], after[key], expand: false);
        }
        CompareTexts(changes, "part", Pairs(before["parts"] as JsonObject), Pairs(after["parts"] as JsonObject));
        CompareTexts(changes, "partial", Partials(before["partials"] as JsonArray), Partials(after["partials"] as JsonArray));
        return changes;

        static Dictionary<string, string> Pairs(JsonObject? parts)
            => (parts ?? []).ToDictionary(p => p.Key, p => Text(p.Value) ?? string.Empty, StringComparer.Ordinal);

        // A partial exists once per mode (address-block for html and for text), so name and mode identify it.
        static Dictionary<string, string> Partials(JsonArray? partials)
        {
            var byName = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var partial in (partials ?? []).OfType<JsonObject>())
            {
                var name = Text(partial["name"]) ?? string.Empty;
                byName[Text(partial["mode"]) is { } mode ? $"{name} ({mode})" : name] = Text(partial["content"]) ?? string.Empty;
            }
            return byName;
        }
    }

    private static void CompareTexts(List<DiffChange> changes, string what, Dictionary<string, string> before, Dictionary<string, string> after)
    {
        foreach (var name in before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var subject = $"{what} '{name}'";
            var old = before.GetValueOrDefault(name);
            var @new = after.GetValueOrDefault(name);
            if (old is null)
            {
                changes.Add(new DiffChange(ChangeKind.Added, subject, null, null, @new, LineDiff.Unified(string.Empty, @new!)));
            }
            else if (@new is null)
            {
                changes.Add(new DiffChange(ChangeKind.Removed, subject, null, old, null, LineDiff.Unified(old, string.Empty)));
            }
            else if (!string.Equals(old, @new, StringComparison.Ordinal))
            {
                changes.Add(new DiffChange(ChangeKind.Changed, subject, null, old, @new, LineDiff.Unified(old, @new)));
            }
        }
    }

    /// <summary>
    /// Compares one field; mappings (step inputs, transitions, workflow inputs) are compared key by key when
    /// <paramref name="expand"/>, and so are values that are objects on both sides.
    /// </summary>
    internal static void CompareField(List<DiffChange> changes, string subject, string field, JsonNode? before, JsonNode? after, bool expand)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return;
        }
        if (expand && (before is JsonObject or null) && (after is JsonObject or null) && (before ?? after) is not null)
        {
            var a = before as JsonObject ?? [];
            var b = after as JsonObject ?? [];
            foreach (var key in Keys(a, b))
            {
                // Objects on both sides (a variable's settings, an input's options) compare field by field, so a changed default reads as one value.
                CompareField(changes, subject, $"{field}.{key}", a[key], b[key], expand: a[key] is JsonObject && b[key] is JsonObject);
            }
            return;
        }
        var kind = before is null ? ChangeKind.Added : after is null ? ChangeKind.Removed : ChangeKind.Changed;
        changes.Add(new DiffChange(kind, subject, field, Text(before), Text(after)));
    }

    private static void NormalizeNext(JsonObject step)
    {
        if (step["next"] is JsonValue single)
        {
            step["next"] = new JsonObject { ["*"] = single.DeepClone() };
        }
    }

    private static string? Activity(JsonObject step) => Text(step["activity"]);

    internal static IEnumerable<string> Keys(JsonObject a, JsonObject b)
        => a.Select(p => p.Key).Concat(b.Select(p => p.Key).Where(k => !a.ContainsKey(k)));

    internal static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(ReleaseJson.Readable),
    };

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
