using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Rules.Execution;
using OmsFlow.Rules.Loading;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Versions.Kinds;

/// <summary>
/// Rule sets: Microsoft RulesEngine workflow JSON (one workflow or an array), validated with the RulesEngine loader
/// (structure, operators, expressions) and stored as indented JSON.
/// </summary>
public sealed class RuleSetKind : IDefinitionKind
{
    public const string KindName = "rules";

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Kind => KindName;

    public string Noun => "Rule set";

    public DefinitionCheck Check(string id, string text, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        file ??= id;
        var problems = new List<DefinitionProblem>();
        string? names = null;
        try
        {
            var rules = RuleSet.Load(text, file);
            names = string.Join(", ", rules.Workflows.Select(w => w.WorkflowName));
        }
        catch (RuleSetLoadException exception)
        {
            problems.AddRange(exception.Problems.Select(ToProblem));
        }
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(text, documentOptions: Lenient);
        }
        catch (JsonException)
        {
            return DefinitionCheck.Unreadable(problems);
        }
        return new DefinitionCheck(document?.ToJsonString(Indented) ?? "null", names, null, problems);
    }

    /// <summary>Loads a stored (validated) version.</summary>
    public static RuleSet Load(string id, int version, string content)
    {
        try
        {
            return RuleSet.Load(content, $"{id}@v{version}");
        }
        catch (RuleSetLoadException exception)
        {
            throw new InvalidOperationException($"Stored rule set '{id}' v{version} no longer loads: {exception.Message}", exception);
        }
    }

    private static DefinitionProblem ToProblem(RuleProblem problem)
    {
        var subject = (problem.Workflow, problem.Rule) switch
        {
            (not null, not null) => $"workflow '{problem.Workflow}', rule '{problem.Rule}': ",
            (not null, null) => $"workflow '{problem.Workflow}': ",
            _ => string.Empty,
        };
        return new DefinitionProblem("rule-invalid", subject + problem.Message, ProblemSeverity.Error, problem.File,
            new SourcePosition(problem.Line, problem.Column), Field: problem.Rule);
    }
}
