using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace OmsFlow.Workflows.Releases.Diff;

/// <summary>Decision table differences: hit policy and other settings, input and output columns, and rows.</summary>
internal static class Tables
{
    public static List<DiffChange> Compare(string before, string after)
    {
        var a = Read(before);
        var b = Read(after);
        var changes = new List<DiffChange>();
        foreach (var key in DefinitionDiffer.Keys(a, b).Where(k => k != "rules"))
        {
            if (key is "inputs" or "outputs" && a[key] is JsonArray oldColumns && b[key] is JsonArray newColumns)
            {
                Columns(changes, key, oldColumns, newColumns);
            }
            else
            {
                DefinitionDiffer.CompareField(changes, "table", key, a[key], b[key], expand: false);
            }
        }
        Rows(changes, a["rules"] as JsonArray ?? [], b["rules"] as JsonArray ?? []);
        return changes;
    }

    private static void Columns(List<DiffChange> changes, string what, JsonArray before, JsonArray after)
    {
        var old = before.OfType<JsonObject>().ToDictionary(c => DefinitionDiffer.Text(c["name"]) ?? string.Empty, StringComparer.Ordinal);
        var @new = after.OfType<JsonObject>().ToDictionary(c => DefinitionDiffer.Text(c["name"]) ?? string.Empty, StringComparer.Ordinal);
        var singular = what == "inputs" ? "input column" : "output column";
        foreach (var name in old.Keys.Union(@new.Keys, StringComparer.Ordinal))
        {
            DefinitionDiffer.CompareField(changes, $"{singular} '{name}'", "definition", old.GetValueOrDefault(name), @new.GetValueOrDefault(name), expand: false);
        }
        var oldOrder = string.Join(", ", old.Keys);
        var newOrder = string.Join(", ", @new.Keys);
        if (old.Count == @new.Count && !old.Keys.Except(@new.Keys).Any() && oldOrder != newOrder)
        {
            changes.Add(new DiffChange(ChangeKind.Changed, what, "order", oldOrder, newOrder));
        }
    }

    /// <summary>Rows by position, aligned by content: a row deleted and one inserted at the same place is a changed row.</summary>
    private static void Rows(List<DiffChange> changes, JsonArray before, JsonArray after)
    {
        var oldRows = before.Select(r => DefinitionDiffer.Text(r) ?? string.Empty).ToList();
        var newRows = after.Select(r => DefinitionDiffer.Text(r) ?? string.Empty).ToList();
        var edits = LineDiff.Compare(oldRows, newRows);
        for (var i = 0; i < edits.Count; i++)
        {
            var edit = edits[i];
            if (edit.Op == ' ')
            {
                continue;
            }
            var deleted = new List<LineDiff.Edit>();
            var inserted = new List<LineDiff.Edit>();
            for (; i < edits.Count && edits[i].Op != ' '; i++)
            {
                (edits[i].Op == '-' ? deleted : inserted).Add(edits[i]);
            }
            i--;
            var paired = Math.Min(deleted.Count, inserted.Count);
            for (var p = 0; p < paired; p++)
            {
                changes.Add(new DiffChange(ChangeKind.Changed, $"row {inserted[p].NewIndex + 1}", null, deleted[p].Text, inserted[p].Text));
            }
            changes.AddRange(deleted.Skip(paired).Select(d => new DiffChange(ChangeKind.Removed, $"row {d.OldIndex + 1}", null, d.Text, null)));
            changes.AddRange(inserted.Skip(paired).Select(d => new DiffChange(ChangeKind.Added, $"row {d.NewIndex + 1}", null, null, d.Text)));
        }
    }

    private static JsonObject Read(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }
        return stream.Documents.Count > 0 && ToJson(stream.Documents[0].RootNode) is JsonObject root ? root : [];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? string.Empty, ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };
}
