using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Rules.Tables;

namespace OmsFlow.Cli.Tables;

/// <summary>Executes <c>omsflow tables validate</c> and <c>omsflow tables run</c>.</summary>
public static class TablesRunner
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Parses and validates every file. Text mode: one summary line per valid file on stdout, one line per problem
    /// (file:line:column: message) on stderr. Gaps are warnings and do not fail validation.
    /// </summary>
    public static int Validate(IReadOnlyList<string> files, bool json, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (files.Count == 0)
        {
            error.WriteLine("give at least one table file: omsflow tables validate FILE [FILE...]");
            return TablesCommand.InvalidInput;
        }

        var valid = true;
        var reports = new JsonArray();
        foreach (var file in files)
        {
            var (table, problems) = Check(file);
            valid &= table is not null && problems.All(p => p.IsWarning);
            if (json)
            {
                reports.Add(Report(file, table, problems));
                continue;
            }

            foreach (var problem in problems)
            {
                error.WriteLine(problem.ToString());
            }

            if (table is not null && problems.All(p => p.IsWarning))
            {
                var warnings = problems.Count == 0 ? string.Empty : $" ({problems.Count} warning{(problems.Count == 1 ? string.Empty : "s")})";
                output.WriteLine($"{file}: table '{table.Name}', {PolicyName(table)}, {table.Inputs.Count} inputs, {table.RowCount} rows: valid{warnings}");
            }
        }

        if (json)
        {
            output.WriteLine(new JsonObject { ["valid"] = valid, ["files"] = reports }.ToJsonString(Indented));
        }

        return valid ? TablesCommand.Ok : TablesCommand.InvalidInput;
    }

    /// <summary>Evaluates one table for one input and prints the matched rows (1-based, table order) and the output.</summary>
    public static int Run(string? file, string? input, bool json, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (string.IsNullOrWhiteSpace(file) || string.IsNullOrWhiteSpace(input))
        {
            error.WriteLine("usage: omsflow tables run FILE --input JSON|@path [--json]");
            return TablesCommand.InvalidInput;
        }

        var (table, problems) = Check(file);
        if (table is null || problems.Any(p => !p.IsWarning))
        {
            foreach (var problem in problems.Where(p => !p.IsWarning))
            {
                error.WriteLine(problem.ToString());
            }

            return TablesCommand.InvalidInput;
        }

        var scope = ReadInput(input, error);
        if (scope is null)
        {
            return TablesCommand.InvalidInput;
        }

        DecisionResult result;
        try
        {
            result = table.Evaluate(scope);
        }
        catch (DecisionTableException exception)
        {
            foreach (var problem in exception.Problems)
            {
                error.WriteLine(problem.ToString());
            }

            return TablesCommand.EvaluationFailed;
        }

        if (json)
        {
            var document = new JsonObject
            {
                ["table"] = table.Name,
                ["hitPolicy"] = PolicyName(table),
                ["matched"] = result.Matched,
                ["matchedRows"] = new JsonArray([.. result.MatchedRows.Select(row => JsonValue.Create(row))]),
                ["output"] = result.Output?.DeepClone(),
            };
            output.WriteLine(document.ToJsonString(Indented));
        }
        else
        {
            WriteText(table, result, output);
        }

        return TablesCommand.Ok;
    }

    private static (DecisionTable? Table, List<TableProblem> Problems) Check(string file)
    {
        if (!File.Exists(file))
        {
            return (null, [new TableProblem(new TablePosition(file, 0, 0), "file not found")]);
        }

        try
        {
            var table = DecisionTable.Parse(File.ReadAllText(file), file);
            return (table, [.. table.Validate()]);
        }
        catch (DecisionTableException exception)
        {
            return (null, [.. exception.Problems]);
        }
    }

    private static JsonObject? ReadInput(string input, TextWriter error)
    {
        var text = input;
        if (input.StartsWith('@'))
        {
            var path = input[1..];
            if (!File.Exists(path))
            {
                error.WriteLine($"--input: file '{path}' not found");
                return null;
            }

            text = File.ReadAllText(path);
        }

        try
        {
            if (JsonNode.Parse(text) is JsonObject scope)
            {
                return scope;
            }

            error.WriteLine("--input: expected a JSON object whose properties are the names the table's inputs read, e.g. {\"order\": {\"total\": 120}}");
            return null;
        }
        catch (JsonException exception)
        {
            error.WriteLine($"--input: invalid JSON at {(exception.LineNumber ?? 0) + 1}:{(exception.BytePositionInLine ?? 0) + 1}: {exception.Message.Split(" Path:", 2)[0]}");
            return null;
        }
    }

    private static JsonObject Report(string file, DecisionTable? table, List<TableProblem> problems) => new()
    {
        ["file"] = file,
        ["table"] = table?.Name,
        ["hitPolicy"] = table is null ? null : PolicyName(table),
        ["rows"] = table?.RowCount,
        ["valid"] = table is not null && problems.All(p => p.IsWarning),
        ["problems"] = new JsonArray([.. problems.Select(p => (JsonNode)new JsonObject
        {
            ["line"] = p.Position.Line,
            ["column"] = p.Position.Column,
            ["severity"] = p.IsWarning ? "warning" : "error",
            ["message"] = p.Message,
        })]),
    };

    private static void WriteText(DecisionTable table, DecisionResult result, TextWriter output)
    {
        var rows = result.MatchedRows.Count switch
        {
            0 => "no row matched",
            1 => $"matched row {result.MatchedRows[0]}",
            _ => $"matched rows {string.Join(", ", result.MatchedRows)}",
        };
        output.WriteLine($"{table.Name} ({PolicyName(table)}): {rows}");
        switch (result.Output)
        {
            case JsonObject values:
                foreach (var (name, value) in values)
                {
                    output.WriteLine($"  {name} = {Text(value)}");
                }

                break;
            case null:
                break;
            default:
                output.WriteLine($"  output = {Text(result.Output)}");
                break;
        }
    }

    /// <summary>Strings without JSON quotes (what an analyst wrote in the cell); everything else as compact JSON.</summary>
    private static string Text(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => scalar.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static string PolicyName(DecisionTable table) => table.HitPolicy switch
    {
        HitPolicy.RuleOrder => "RULE ORDER",
        HitPolicy.Collect when table.Aggregation != CollectAggregation.None => $"COLLECT {table.Aggregation.ToString().ToUpperInvariant()}",
        _ => table.HitPolicy.ToString().ToUpperInvariant(),
    };
}
