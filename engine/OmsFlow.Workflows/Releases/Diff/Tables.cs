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
        Rows(changes, new RowShape(a), new RowShape(b), a["rules"] as JsonArray ?? [], b["rules"] as JsonArray ?? []);
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

    /// <summary>
    /// Rows by position, aligned by content: a row deleted and one inserted at the same place is a changed row, reported
    /// cell by cell by column name; added and removed rows list their cells that are not <c>-</c>.
    /// </summary>
    private static void Rows(List<DiffChange> changes, RowShape oldShape, RowShape newShape, JsonArray before, JsonArray after)
    {
        var oldRows = before.Select(r => r as JsonArray ?? []).ToList();
        var newRows = after.Select(r => r as JsonArray ?? []).ToList();
        var edits = LineDiff.Compare([.. oldRows.Select(Key)], [.. newRows.Select(Key)]);
        for (var i = 0; i < edits.Count; i++)
        {
            if (edits[i].Op == ' ')
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
                var old = oldShape.Cells(oldRows[deleted[p].OldIndex]);
                var @new = newShape.Cells(newRows[inserted[p].NewIndex]);
                var subject = newShape.Label(newRows[inserted[p].NewIndex], inserted[p].NewIndex);
                foreach (var column in old.Keys.Union(@new.Keys, StringComparer.Ordinal))
                {
                    var was = old.GetValueOrDefault(column);
                    var now = @new.GetValueOrDefault(column);
                    if (!string.Equals(was, now, StringComparison.Ordinal))
                    {
                        changes.Add(new DiffChange(was is null ? ChangeKind.Added : now is null ? ChangeKind.Removed : ChangeKind.Changed, subject, column, was, now));
                    }
                }
            }
            changes.AddRange(deleted.Skip(paired).Select(d => new DiffChange(
                ChangeKind.Removed, oldShape.Label(oldRows[d.OldIndex], d.OldIndex), null, oldShape.Summary(oldRows[d.OldIndex]), null)));
            changes.AddRange(inserted.Skip(paired).Select(d => new DiffChange(
                ChangeKind.Added, newShape.Label(newRows[d.NewIndex], d.NewIndex), null, null, newShape.Summary(newRows[d.NewIndex]))));
        }
    }

    private static string Key(JsonArray row) => DefinitionDiffer.Text(row) ?? string.Empty;

    /// <summary>A table's column names (inputs, then outputs), to read its rows cell by cell.</summary>
    private sealed class RowShape(JsonObject table)
    {
        private readonly List<string> _columns = [.. Names(table["inputs"]), .. Names(table["outputs"])];
        private readonly int _firstOutput = (table["inputs"] as JsonArray)?.Count ?? 0;

        /// <summary><c>row N</c>, with the first output's value when that column names rows (<c>id</c> or <c>name</c>), e.g. <c>row 4 (spring15)</c>.</summary>
        public string Label(JsonArray row, int index)
        {
            var column = _firstOutput < _columns.Count ? _columns[_firstOutput] : string.Empty;
            var name = _firstOutput < row.Count && (column.Equals("id", StringComparison.OrdinalIgnoreCase) || column.Equals("name", StringComparison.OrdinalIgnoreCase))
                ? DefinitionDiffer.Text(row[_firstOutput])
                : null;
            return name is null or "-" || name.Length > 40 ? $"row {index + 1}" : $"row {index + 1} ({name})";
        }

        public Dictionary<string, string> Cells(JsonArray row)
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < row.Count; i++)
            {
                cells[i < _columns.Count ? _columns[i] : $"column {i + 1}"] = DefinitionDiffer.Text(row[i]) ?? "null";
            }
            return cells;
        }

        /// <summary>The cells that say something (not <c>-</c>), as <c>column = value</c>.</summary>
        public string Summary(JsonArray row) => string.Join(", ", Cells(row).Where(c => c.Value != "-").Select(c => $"{c.Key} = {c.Value}"));

        private static IEnumerable<string> Names(JsonNode? columns)
            => (columns as JsonArray ?? []).Select((c, i) => DefinitionDiffer.Text(c?["name"]) ?? $"column {i + 1}");
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
