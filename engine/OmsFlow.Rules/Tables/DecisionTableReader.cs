using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Expressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OmsFlow.Rules.Tables;

/// <summary>Reads the YAML form of a decision table, keeping file:line:column for every cell.</summary>
internal sealed class DecisionTableReader(string fileName)
{
    private readonly List<TableProblem> _problems = [];

    public DecisionTable Read(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            throw new DecisionTableException([new TableProblem(At(exception.Start), $"invalid YAML: {exception.Message}")]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new DecisionTableException([new TableProblem(new TablePosition(fileName, 1, 1), "expected a mapping with name, hitPolicy, inputs, outputs and rules")]);
        }

        var name = Scalar(root, "name") ?? Scalar(root, "table") ?? Path.GetFileNameWithoutExtension(fileName);
        var (policy, aggregation) = ParsePolicy(root);
        var inputs = Sequence(root, "inputs").Select(ReadInput).Where(i => i is not null).Select(i => i!).ToList();
        var outputs = Sequence(root, "outputs").Select(ReadOutput).Where(o => o is not null).Select(o => o!).ToList();
        if (inputs.Count == 0)
        {
            _problems.Add(new TableProblem(At(root.Start), "the table needs at least one input column (inputs: - name: x, expression: order.x)"));
        }

        if (outputs.Count == 0)
        {
            _problems.Add(new TableProblem(At(root.Start), "the table needs at least one output column (outputs: - name: discount)"));
        }

        var rows = new List<DecisionRow>();
        var index = 0;
        foreach (var row in Sequence(root, "rules"))
        {
            index++;
            var parsed = ReadRow(row, index, inputs, outputs);
            if (parsed is not null)
            {
                rows.Add(parsed);
            }
        }

        if (_problems.Count > 0)
        {
            throw new DecisionTableException(_problems);
        }

        return new DecisionTable(name, fileName, policy, aggregation, inputs, outputs, rows);
    }

    private TablePosition At(Mark mark) => new(fileName, (int)mark.Line, (int)mark.Column);

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.FirstOrDefault(c => c.Key is YamlScalarNode k && string.Equals(k.Value, key, StringComparison.OrdinalIgnoreCase)).Value is YamlScalarNode s
            ? s.Value
            : null;

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.FirstOrDefault(c => c.Key is YamlScalarNode k && string.Equals(k.Value, key, StringComparison.OrdinalIgnoreCase)).Value;

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode node, string key) =>
        Child(node, key) is YamlSequenceNode sequence ? sequence.Children : [];

    private (HitPolicy, CollectAggregation) ParsePolicy(YamlMappingNode root)
    {
        var node = Child(root, "hitPolicy");
        var text = (node as YamlScalarNode)?.Value?.Trim().ToUpperInvariant() ?? "UNIQUE";
        var words = text.Replace('_', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var policy = words.FirstOrDefault() switch
        {
            "FIRST" => HitPolicy.First,
            "UNIQUE" => HitPolicy.Unique,
            "PRIORITY" => HitPolicy.Priority,
            "ANY" => HitPolicy.Any,
            "RULE" when words.ElementAtOrDefault(1) == "ORDER" => HitPolicy.RuleOrder,
            "RULEORDER" => HitPolicy.RuleOrder,
            "COLLECT" => HitPolicy.Collect,
            _ => (HitPolicy?)null,
        };
        if (policy is null)
        {
            _problems.Add(new TableProblem(At(node?.Start ?? root.Start), $"unknown hit policy '{text}'; use FIRST, UNIQUE, PRIORITY, ANY, RULE ORDER or COLLECT [SUM|MIN|MAX|COUNT]"));
            return (HitPolicy.Unique, CollectAggregation.None);
        }

        var aggregation = CollectAggregation.None;
        if (policy == HitPolicy.Collect && words.Length > 1)
        {
            if (!Enum.TryParse(words[1], ignoreCase: true, out aggregation) || aggregation == CollectAggregation.None)
            {
                _problems.Add(new TableProblem(At(node!.Start), $"unknown COLLECT aggregation '{words[1]}'; use SUM, MIN, MAX or COUNT"));
            }
        }

        return (policy.Value, aggregation);
    }

    private TableInput? ReadInput(YamlNode node)
    {
        if (node is not YamlMappingNode map || Scalar(map, "name") is not { Length: > 0 } name)
        {
            _problems.Add(new TableProblem(At(node.Start), "an input column needs a name and an expression"));
            return null;
        }

        var expression = Scalar(map, "expression") ?? name;
        try
        {
            ExpressionEngine.Parse(expression);
        }
        catch (ExpressionException exception)
        {
            var at = Child(map, "expression")?.Start ?? map.Start;
            _problems.Add(new TableProblem(At(at), $"input '{name}': {exception.Message}"));
        }

        return new TableInput(name, expression, At(map.Start));
    }

    private TableOutput? ReadOutput(YamlNode node)
    {
        if (node is not YamlMappingNode map || Scalar(map, "name") is not { Length: > 0 } name)
        {
            _problems.Add(new TableProblem(At(node.Start), "an output column needs a name"));
            return null;
        }

        var priorities = Child(map, "priorities") is YamlSequenceNode list
            ? list.Children.OfType<YamlScalarNode>().Select(Value).ToList()
            : [];
        return new TableOutput(name, priorities, At(map.Start));
    }

    private DecisionRow? ReadRow(YamlNode node, int index, List<TableInput> inputs, List<TableOutput> outputs)
    {
        List<YamlNode> cells;
        if (node is YamlSequenceNode sequence)
        {
            cells = [.. sequence.Children];
        }
        else if (node is YamlMappingNode map && Child(map, "when") is YamlSequenceNode when && Child(map, "then") is YamlSequenceNode then)
        {
            cells = [.. when.Children, .. then.Children];
        }
        else
        {
            _problems.Add(new TableProblem(At(node.Start), $"row {index}: write [entry, ..., output, ...] or when: [...] then: [...]"));
            return null;
        }

        if (cells.Count != inputs.Count + outputs.Count)
        {
            _problems.Add(new TableProblem(At(node.Start), $"row {index} has {cells.Count} cells but the table has {inputs.Count} inputs and {outputs.Count} outputs"));
            return null;
        }

        var entries = new List<EntryTest>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var text = (cells[i] as YamlScalarNode)?.Value ?? string.Empty;
            try
            {
                entries.Add(EntryTest.Parse(text, inputs[i].Name));
            }
            catch (ExpressionException exception)
            {
                var start = cells[i].Start;
                _problems.Add(new TableProblem(
                    new TablePosition(fileName, (int)start.Line, (int)start.Column),
                    $"row {index}, input '{inputs[i].Name}': entry '{text}' is not valid: {exception.Detail} (at {exception.Line}:{exception.Column} of the entry); " +
                    "write -, > 100, [10..50), \"A\",\"B\", not(\"A\") or a condition"));
            }
        }

        var values = new List<JsonNode?>();
        var expressions = new List<string?>();
        for (var i = inputs.Count; i < cells.Count; i++)
        {
            var scalar = cells[i] as YamlScalarNode;
            var text = scalar?.Value;
            if (scalar is not null && text is ['=', ..])
            {
                try
                {
                    ExpressionEngine.Parse(text[1..]);
                }
                catch (ExpressionException exception)
                {
                    _problems.Add(new TableProblem(At(scalar.Start), $"row {index}, output '{outputs[i - inputs.Count].Name}': {exception.Message}"));
                }

                expressions.Add(text[1..]);
                values.Add(null);
            }
            else
            {
                expressions.Add(null);
                values.Add(scalar is null ? null : Value(scalar));
            }
        }

        return new DecisionRow(index, At(node.Start), entries, values, expressions);
    }

    private static JsonNode? Value(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null")
        {
            return null;
        }

        if (bool.TryParse(text, out var flag))
        {
            return JsonValue.Create(flag);
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }
}

/// <summary>One row: its entries, and per output either a constant value or an expression.</summary>
internal sealed record DecisionRow(int Index, TablePosition Position, IReadOnlyList<EntryTest> Entries, IReadOnlyList<JsonNode?> Values, IReadOnlyList<string?> OutputExpressions);
