using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Versions;

/// <summary>Reading and writing workflow documents (YAML or JSON text) in their canonical stored form.</summary>
public static class WorkflowDocuments
{
    /// <summary>Parses YAML or JSON text; the definition is null when the text has syntax or structure errors.</summary>
    public static (WorkflowDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems) Read(string text, string? file = null)
    {
        var result = WorkflowYaml.Parse(text, file);
        return (result.Definition, result.Problems);
    }

    /// <summary>Reads a stored (already validated) canonical JSON definition.</summary>
    public static WorkflowDefinition ReadStored(string canonicalJson)
    {
        var (definition, problems) = Read(canonicalJson);
        return definition ?? throw new InvalidOperationException(
            "A stored workflow version no longer parses: " + string.Join("; ", problems.Select(p => p.ToString())));
    }

    /// <summary>The canonical JSON a version is stored and hashed as.</summary>
    public static string Canonical(WorkflowDefinition definition) => WorkflowJson.Write(definition);
}
