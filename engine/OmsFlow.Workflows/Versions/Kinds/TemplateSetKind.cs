using System.Text.Json;
using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Validation;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Versions.Kinds;

/// <summary>
/// Template sets: a JSON <see cref="TemplateDocument"/> (parts, shared partials, sample data), validated with the
/// template validator in strict mode against the set's sample data, so a misspelt variable blocks publishing.
/// </summary>
public sealed class TemplateSetKind : IDefinitionKind
{
    public const string KindName = "template";

    public string Kind => KindName;

    public string Noun => "Template set";

    public DefinitionCheck Check(string id, string text, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        TemplateDocument document;
        try
        {
            document = JsonSerializer.Deserialize<TemplateDocument>(text, TemplateDocument.Json)
                ?? throw new JsonException("expected a template set object");
        }
        catch (JsonException exception)
        {
            var line = (int)(exception.LineNumber ?? 0) + 1;
            var column = (int)(exception.BytePositionInLine ?? 0) + 1;
            return DefinitionCheck.Unreadable([new DefinitionProblem("json-syntax",
                $"The template set is not valid JSON: {exception.Message.Split(" Path:", 2)[0]}", File: file ?? id, Position: new SourcePosition(line, column))]);
        }
        var problems = new List<DefinitionProblem>();
        if (document.Id is { } named && named != id)
        {
            problems.Add(new DefinitionProblem(DefinitionProblemCodes.IdMismatch,
                $"The document's id is '{named}' but it is being saved as '{id}'; make them the same.", Field: "id"));
        }
        document.Id = id;
        if (!TryKind(document.Kind, out var kind))
        {
            problems.Add(new DefinitionProblem("unknown-kind",
                $"Unknown template kind '{document.Kind}'; use one of email, label, invoice, credit-note, packing-slip.", File: file ?? id, Field: "kind"));
            return new DefinitionCheck(document.ToJson(), document.Name ?? id, document.Description, problems);
        }
        document.Kind = TemplateDocument.KindText(kind);
        var (set, engine) = Build(document, kind, 0);
        problems.AddRange(RequiredParts(kind).Where(p => set.Part(p) is null).Select(p => new DefinitionProblem("missing-part",
            $"A {document.Kind} template set needs a '{p}' part; add {p}.hbs.", File: file ?? id, Field: "parts." + p)));
        if (set.SampleData is null)
        {
            problems.Add(new DefinitionProblem("no-sample",
                "The set has no sample data, so variables cannot be checked; add a sample (sample.json) of the document's data.",
                ProblemSeverity.Warning, file ?? id, Field: "sample"));
        }
        problems.AddRange(set.Validate(new TemplateValidator(engine)).Select(p => new DefinitionProblem(
            p.Code, p.Message, ProblemSeverity.Error, p.Template, new SourcePosition(p.Line, p.Column), Field: "parts")));
        return new DefinitionCheck(document.ToJson(), document.Name ?? id, document.Description, problems);
    }

    /// <summary>Loads a stored (validated) version, ready to render.</summary>
    public static TemplateBundle Load(string id, int version, string content)
    {
        var document = JsonSerializer.Deserialize<TemplateDocument>(content, TemplateDocument.Json)
            ?? throw new InvalidOperationException($"Stored template set '{id}' v{version} is empty.");
        document.Id = id;
        if (!TryKind(document.Kind, out var kind))
        {
            throw new InvalidOperationException($"Stored template set '{id}' v{version} has unknown kind '{document.Kind}'.");
        }
        var (set, engine) = Build(document, kind, version);
        return new TemplateBundle(set, engine);
    }

    private static (TemplateSet Set, TemplateEngine Engine) Build(TemplateDocument document, TemplateKind kind, int version)
    {
        var engine = new TemplateEngine();
        foreach (var partial in document.Partials)
        {
            var mode = Enum.TryParse<OutputMode>(partial.Mode, ignoreCase: true, out var parsed) ? parsed : OutputMode.Html;
            engine.RegisterPartial(partial.Name, partial.Content, mode);
        }
        JsonElement? sample = document.Sample is { } node ? JsonSerializer.SerializeToElement(node) : null;
        var set = TemplateSet.Create(document.Id!, version, kind, document.Parts, sample, document.Name, document.Description);
        return (set, engine);
    }

    private static bool TryKind(string? text, out TemplateKind kind)
        => Enum.TryParse(text?.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out kind) && Enum.IsDefined(kind);

    private static string[] RequiredParts(TemplateKind kind) => kind switch
    {
        TemplateKind.Email => [TemplatePartNames.Subject, TemplatePartNames.HtmlBody],
        TemplateKind.Label => [TemplatePartNames.Zpl],
        _ => [],
    };
}
