using System.Text.Json.Nodes;
using OmsFlow.Expressions;
using OmsFlow.Expressions.Runtime;

namespace OmsFlow.Rules.Tables;

/// <summary>
/// A decision table: input columns computed by expressions, rows of input entries and output values, and a hit
/// policy. Load with <see cref="Parse"/>; evaluate against named JSON values with <see cref="Evaluate(IReadOnlyDictionary{string, JsonNode})"/>.
/// </summary>
public sealed partial class DecisionTable
{
    private static readonly ExpressionEngine SharedEngine = new();

    private readonly IReadOnlyList<DecisionRow> _rows;
    private readonly CompiledExpression[] _inputExpressions;
    private readonly CompiledCondition?[] _rowConditions;
    private readonly ExpressionParameter[] _columns;

    internal DecisionTable(string name, string file, HitPolicy hitPolicy, CollectAggregation aggregation, IReadOnlyList<TableInput> inputs, IReadOnlyList<TableOutput> outputs, IReadOnlyList<DecisionRow> rows)
    {
        Name = name;
        File = file;
        HitPolicy = hitPolicy;
        Aggregation = aggregation;
        Inputs = inputs;
        Outputs = outputs;
        _rows = rows;
        _columns = inputs.Select(i => new ExpressionParameter(i.Name, typeof(object))).ToArray();
        _inputExpressions = inputs.Select(i => SharedEngine.CompileScoped(i.Expression)).ToArray();
        var problems = new List<TableProblem>();
        _rowConditions = rows.Select(row => CompileRow(row, problems)).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.OutputExpressions.Count; i++)
            {
                if (row.OutputExpressions[i] is { } text)
                {
                    try
                    {
                        SharedEngine.Compile(text, _columns);
                    }
                    catch (ExpressionException exception)
                    {
                        problems.Add(new TableProblem(row.Position, $"row {row.Index}, output '{outputs[i].Name}': {exception.Message}"));
                    }
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new DecisionTableException(problems);
        }
    }

    public string Name { get; }

    public string File { get; }

    public HitPolicy HitPolicy { get; }

    public CollectAggregation Aggregation { get; }

    public IReadOnlyList<TableInput> Inputs { get; }

    public IReadOnlyList<TableOutput> Outputs { get; }

    public int RowCount => _rows.Count;

    /// <summary>Parses a table from YAML text; <paramref name="fileName"/> is used in problem positions.</summary>
    /// <exception cref="DecisionTableException">Invalid YAML, columns or entries; every problem names file:line:column.</exception>
    public static DecisionTable Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        return new DecisionTableReader(fileName).Read(yaml);
    }

    private CompiledCondition? CompileRow(DecisionRow row, List<TableProblem> problems)
    {
        var conditions = row.Entries.Where(e => !e.IsAny).Select(e => "(" + e.Condition + ")").ToList();
        if (conditions.Count == 0)
        {
            return null;
        }

        try
        {
            return SharedEngine.CompileCondition(string.Join(" && ", conditions), _columns);
        }
        catch (ExpressionException exception)
        {
            problems.Add(new TableProblem(row.Position, $"row {row.Index}: {exception.Detail}; entries may only use the input columns {string.Join(", ", Inputs.Select(i => i.Name))}"));
            return null;
        }
    }

    /// <summary>Evaluates the table with the top-level properties of <paramref name="input"/> as names.</summary>
    public DecisionResult Evaluate(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Evaluate(input.ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>Evaluates the table: input columns over <paramref name="scope"/>, then rows by the hit policy.</summary>
    /// <exception cref="DecisionTableException">UNIQUE with several matches, ANY with differing outputs, or an expression failed.</exception>
    public DecisionResult Evaluate(IReadOnlyDictionary<string, JsonNode?> scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var columns = new object?[_inputExpressions.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            try
            {
                columns[i] = _inputExpressions[i].Evaluate(scope);
            }
            catch (ExpressionException exception)
            {
                throw new DecisionTableException([new TableProblem(Inputs[i].Position, $"input '{Inputs[i].Name}' = {Inputs[i].Expression}: {exception.Message}")]);
            }
        }

        var matched = new List<int>();
        for (var r = 0; r < _rows.Count; r++)
        {
            bool isMatch;
            try
            {
                isMatch = _rowConditions[r]?.Evaluate(columns) ?? true;
            }
            catch (ExpressionException exception)
            {
                throw new DecisionTableException([new TableProblem(_rows[r].Position, $"row {_rows[r].Index}: {exception.Message}")]);
            }

            if (isMatch)
            {
                matched.Add(r);
                if (HitPolicy == HitPolicy.First)
                {
                    break;
                }
            }
        }

        return new DecisionResult(matched.Select(r => _rows[r].Index).ToList(), Combine(matched, columns));
    }

    private JsonNode? Combine(List<int> matched, object?[] columns)
    {
        switch (HitPolicy)
        {
            case HitPolicy.First:
                return matched.Count == 0 ? null : OutputOf(matched[0], columns);
            case HitPolicy.Unique:
                if (matched.Count > 1)
                {
                    throw new DecisionTableException([new TableProblem(
                        _rows[matched[1]].Position,
                        $"UNIQUE table '{Name}': rows {string.Join(", ", matched.Select(m => _rows[m].Index))} all match; make their entries exclusive or use FIRST/PRIORITY")]);
                }

                return matched.Count == 0 ? null : OutputOf(matched[0], columns);
            case HitPolicy.Any:
                var outputs = matched.Select(m => OutputOf(m, columns)).ToList();
                if (outputs.Skip(1).Any(o => !JsonNode.DeepEquals(o, outputs[0])))
                {
                    throw new DecisionTableException([new TableProblem(
                        _rows[matched[1]].Position,
                        $"ANY table '{Name}': rows {string.Join(", ", matched.Select(m => _rows[m].Index))} match with different outputs")]);
                }

                return outputs.FirstOrDefault();
            case HitPolicy.Priority:
                return matched.Count == 0 ? null : OutputOf(matched.OrderBy(m => Rank(m)).ThenBy(m => m).First(), columns);
            case HitPolicy.RuleOrder:
                return new JsonArray([.. matched.Select(m => OutputOf(m, columns))]);
            default:
                return Collect(matched, columns);
        }
    }

    private int Rank(int row)
    {
        var priorities = Outputs[0].Priorities;
        var value = _rows[row].Values[0];
        var index = priorities.ToList().FindIndex(p => JsonNode.DeepEquals(p, value));
        return index < 0 ? int.MaxValue : index;
    }

    private JsonNode? Collect(List<int> matched, object?[] columns)
    {
        if (Aggregation == CollectAggregation.None)
        {
            return new JsonArray([.. matched.Select(m => OutputOf(m, columns))]);
        }

        if (Aggregation == CollectAggregation.Count)
        {
            return JsonValue.Create(matched.Count);
        }

        var site = new SiteInfo(_rows.Count > 0 ? _rows[0].Position.Line : 1, 1, ignoreCase: true);
        var values = matched.Select(m => DynamicOps.FromJson(FirstOutput(m, columns))).Where(v => v is not null).ToList();
        if (values.Count == 0)
        {
            return null;
        }

        var result = Aggregation switch
        {
            CollectAggregation.Sum => values.Aggregate((a, b) => DynamicOps.Add(a, b, site)),
            CollectAggregation.Min => values.Aggregate((a, b) => DynamicOps.Compare(a, b, site) <= 0 ? a : b),
            _ => values.Aggregate((a, b) => DynamicOps.Compare(a, b, site) >= 0 ? a : b),
        };
        return DynamicOps.ToJson(result);
    }

    private JsonNode? FirstOutput(int row, object?[] columns) => OutputValue(row, 0, columns);

    private JsonObject OutputOf(int row, object?[] columns)
    {
        var output = new JsonObject();
        for (var i = 0; i < Outputs.Count; i++)
        {
            output[Outputs[i].Name] = OutputValue(row, i, columns);
        }

        return output;
    }

    private JsonNode? OutputValue(int row, int output, object?[] columns)
    {
        var expression = _rows[row].OutputExpressions[output];
        if (expression is null)
        {
            return _rows[row].Values[output]?.DeepClone();
        }

        try
        {
            return DynamicOps.ToJson(SharedEngine.Compile(expression, _columns).Evaluate(columns));
        }
        catch (ExpressionException exception)
        {
            throw new DecisionTableException([new TableProblem(_rows[row].Position, $"row {_rows[row].Index}, output '{Outputs[output].Name}': {exception.Message}")]);
        }
    }
}
