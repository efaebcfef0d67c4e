using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Versions;

/// <summary>
/// What the kind-agnostic version store needs to know about one kind of definition (workflow, rule set, decision
/// table, template set): how to parse and validate a document and the canonical text its versions are stored as.
/// </summary>
public interface IDefinitionKind
{
    /// <summary>The kind stored in the definitions tables, e.g. <c>workflow</c>, <c>rules</c>, <c>table</c>, <c>template</c>.</summary>
    string Kind { get; }

    /// <summary>How messages name one definition of this kind, e.g. "Rule set".</summary>
    string Noun { get; }

    /// <summary>
    /// Parses and validates <paramref name="text"/> as definition <paramref name="id"/>. The canonical form is null
    /// when the text cannot be read at all; errors among the problems block publishing, warnings do not.
    /// </summary>
    /// <param name="file">Name used in problem positions (a file path, or the definition id for API documents).</param>
    DefinitionCheck Check(string id, string text, string? file = null);
}

/// <summary>The outcome of <see cref="IDefinitionKind.Check"/>.</summary>
/// <param name="Canonical">The text a version is stored and hashed as; null when the document does not parse.</param>
public sealed record DefinitionCheck(string? Canonical, string? Name, string? Description, IReadOnlyList<DefinitionProblem> Problems)
{
    public bool HasErrors => Canonical is null || Problems.Any(p => p.Severity == ProblemSeverity.Error);

    /// <summary>A document that could not be read: no canonical form, only problems.</summary>
    public static DefinitionCheck Unreadable(IReadOnlyList<DefinitionProblem> problems) => new(null, null, null, problems);
}
