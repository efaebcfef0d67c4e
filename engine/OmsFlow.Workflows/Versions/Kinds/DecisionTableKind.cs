using OmsFlow.Rules.Tables;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Versions.Kinds;

/// <summary>
/// Decision tables: YAML documents (columns, rows, hit policy), validated with file:line:column (entries, overlaps
/// and gaps). Versions keep the YAML itself (line endings normalized) so problem positions point into what the
/// analyst wrote.
/// </summary>
public sealed class DecisionTableKind : IDefinitionKind
{
    public const string KindName = "table";

    public string Kind => KindName;

    public string Noun => "Decision table";

    public DefinitionCheck Check(string id, string text, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var canonical = Canonical(text);
        DecisionTable table;
        try
        {
            table = DecisionTable.Parse(canonical, file ?? id);
        }
        catch (DecisionTableException exception)
        {
            var problems = exception.Problems.Count > 0
                ? exception.Problems.Select(ToProblem).ToList()
                : [new DefinitionProblem("table-invalid", exception.Message, File: file ?? id)];
            // YAML that does not even parse has no canonical form; a table with bad entries is kept as a draft.
            return problems.Exists(p => p.Code == "yaml-syntax") ? DefinitionCheck.Unreadable(problems) : new DefinitionCheck(canonical, id, null, problems);
        }
        return new DefinitionCheck(canonical, table.Name, null, [.. table.Validate().Select(ToProblem)]);
    }

    /// <summary>Loads a stored (validated) version.</summary>
    public static DecisionTable Load(string id, int version, string content) => DecisionTable.Parse(content, $"{id}@v{version}");

    private static string Canonical(string text) => text.ReplaceLineEndings("\n").TrimEnd() + "\n";

    private static DefinitionProblem ToProblem(TableProblem problem) => new(
        problem.Message.Contains("YAML", StringComparison.Ordinal) ? "yaml-syntax" : "table-invalid",
        problem.Message,
        problem.IsWarning ? ProblemSeverity.Warning : ProblemSeverity.Error,
        problem.Position.File,
        new SourcePosition(problem.Position.Line, problem.Position.Column));
}
