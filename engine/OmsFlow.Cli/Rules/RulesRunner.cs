using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Expressions.Runtime;
using OmsFlow.Rules.Execution;

namespace OmsFlow.Cli.Rules;

/// <summary>The arguments of <c>omsflow rules run</c>.</summary>
public sealed record RulesRunRequest(IReadOnlyList<string> Files, string Workflow, IReadOnlyList<string> Inputs, IReadOnlyList<string> Settings, string? ActionRule);

/// <summary>Executes <c>omsflow rules run</c> and writes its JSON contract to the output.</summary>
public static class RulesRunner
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(RulesRunRequest request, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var settings = new ReSettings();
        foreach (var setting in request.Settings)
        {
            var (key, value) = Split(setting);
            try
            {
                settings.Set(key ?? string.Empty, value ?? string.Empty);
            }
            catch (ArgumentException exception)
            {
                error.WriteLine($"--setting {setting}: {exception.Message.Split(" (Parameter", 2)[0]}");
                return RulesCommand.InvalidInput;
            }
        }

        var inputs = new List<RuleParameter>();
        foreach (var input in request.Inputs)
        {
            var parameter = ParseInput(input, error);
            if (parameter is null)
            {
                return RulesCommand.InvalidInput;
            }

            inputs.Add(parameter);
        }

        var rules = RulesCommand.Load(request.Files, settings, error);
        if (rules is null)
        {
            return RulesCommand.InvalidInput;
        }

        if (!rules.HasWorkflow(request.Workflow))
        {
            error.WriteLine($"workflow '{request.Workflow}' not found; known workflows: {string.Join(", ", rules.Workflows.Select(w => w.WorkflowName))}");
            return RulesCommand.InvalidInput;
        }

        try
        {
            JsonObject document;
            if (request.ActionRule is null)
            {
                var results = rules.Execute(request.Workflow, [.. inputs]);
                document = new JsonObject { ["workflow"] = request.Workflow, ["results"] = Results(results) };
            }
            else
            {
                var outcome = rules.ExecuteActionWorkflow(request.Workflow, request.ActionRule, [.. inputs]);
                document = new JsonObject
                {
                    ["workflow"] = request.Workflow,
                    ["rule"] = request.ActionRule,
                    ["output"] = DynamicOps.ToJson(outcome.Output),
                    ["exception"] = outcome.Exception?.Message,
                    ["results"] = Results(outcome.Results),
                };
            }

            output.WriteLine(document.ToJsonString(Indented));
            return RulesCommand.Ok;
        }
        catch (ArgumentException exception) when (request.ActionRule is not null)
        {
            error.WriteLine(exception.Message.Split(" (Parameter", 2)[0]);
            return RulesCommand.InvalidInput;
        }
        catch (RuleEvaluationException exception)
        {
            error.WriteLine(exception.Message);
            return RulesCommand.EvaluationFailed;
        }
    }

    private static (string? Key, string? Value) Split(string pair)
    {
        var index = pair.IndexOf('=', StringComparison.Ordinal);
        return index <= 0 ? (null, null) : (pair[..index].Trim(), pair[(index + 1)..]);
    }

    private static RuleParameter? ParseInput(string input, TextWriter error)
    {
        var (name, value) = Split(input);
        if (name is null || value is null)
        {
            error.WriteLine($"--input {input}: write NAME=JSON or NAME=@path");
            return null;
        }

        var text = value;
        if (value.StartsWith('@'))
        {
            var path = value[1..];
            if (!File.Exists(path))
            {
                error.WriteLine($"--input {name}: file '{path}' not found");
                return null;
            }

            text = File.ReadAllText(path);
        }

        try
        {
            return new RuleParameter(name, JsonNode.Parse(text));
        }
        catch (JsonException exception)
        {
            error.WriteLine($"--input {name}: invalid JSON at {(exception.LineNumber ?? 0) + 1}:{(exception.BytePositionInLine ?? 0) + 1}: {exception.Message.Split(" Path:", 2)[0]}");
            return null;
        }
    }

    private static JsonArray Results(IEnumerable<RuleResultTree> results)
    {
        var array = new JsonArray();
        foreach (var result in results)
        {
            array.Add(Result(result));
        }

        return array;
    }

    private static JsonObject Result(RuleResultTree result)
    {
        var node = new JsonObject
        {
            ["rule"] = result.Rule.RuleName,
            ["isSuccess"] = result.IsSuccess,
            ["exceptionMessage"] = result.ExceptionMessage,
        };
        if (result.ChildResults is not null)
        {
            node["children"] = Results(result.ChildResults);
        }

        if (result.ActionResult is not null)
        {
            node["actionResult"] = new JsonObject
            {
                ["output"] = DynamicOps.ToJson(result.ActionResult.Output),
                ["exception"] = result.ActionResult.Exception?.Message,
            };
        }

        var inputs = new JsonObject();
        foreach (var pair in result.Inputs)
        {
            inputs[pair.Key] = DynamicOps.ToJson(pair.Value);
        }

        node["inputs"] = inputs;
        return node;
    }
}
