using System.Text.Json;
using OmsFlow.Rules.Model;

namespace OmsFlow.Rules.Loading;

/// <summary>
/// Reads RulesEngine workflow JSON: one workflow object or an array of them, property names in any case,
/// enums as names or numbers, comments and trailing commas tolerated.
/// </summary>
public static class WorkflowReader
{
    /// <summary>Parses <paramref name="json"/>; syntax errors and values of the wrong type become one problem with line:column.</summary>
    /// <exception cref="RuleSetLoadException">The text is not valid workflow JSON.</exception>
    public static List<Workflow> Read(string json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return WorkflowJsonParser.Parse(json, fileName);
        }
        catch (JsonException exception)
        {
            var line = (int)(exception.LineNumber ?? 0) + 1;
            var column = (int)(exception.BytePositionInLine ?? 0) + 1;
            var detail = exception.Message.Split(". Path:", 2)[0].Split(" LineNumber:", 2)[0];
            throw new RuleSetLoadException([new RuleProblem(fileName, line, column, null, null, $"invalid workflow JSON: {detail}")]);
        }
    }
}
