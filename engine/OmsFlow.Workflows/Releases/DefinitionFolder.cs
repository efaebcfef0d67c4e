using OmsFlow.Templates.Definitions;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Validation;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Releases;

/// <summary>One definition document read from a definitions folder or a bundle.</summary>
/// <param name="Kind">workflow, rules, table or template.</param>
/// <param name="Id">The id (file name without extension; a template set's folder name; null for a workflow, which declares its own).</param>
/// <param name="Text">The document text (for template sets, the template document JSON built from the folder).</param>
/// <param name="File">Where it came from, for problem positions.</param>
public sealed record SourceDocument(string Kind, string? Id, string Text, string File);

/// <summary>
/// Reads a definitions folder laid out like <c>definitions/</c>: <c>workflows/*.yaml</c>, <c>rules/*.json</c>,
/// <c>tables/*.yaml</c> and <c>templates/&lt;set&gt;/</c> (with shared <c>templates/_partials</c>). A path may also be one
/// file inside such a folder, or the <c>workflows</c>/<c>rules</c>/<c>tables</c>/<c>templates</c> folder itself.
/// </summary>
public static class DefinitionFolder
{
    private static readonly string[] YamlFiles = ["*.yaml", "*.yml"];
    private static readonly string[] JsonFiles = ["*.json"];

    /// <summary>Every document under <paramref name="path"/>, in deployment order (templates, tables, rules, workflows).</summary>
    /// <param name="path">A definitions folder, one kind's folder, or a single file.</param>
    /// <param name="displayRoot">Folder problem positions are shown relative to (default: the current directory).</param>
    public static (IReadOnlyList<SourceDocument> Documents, IReadOnlyList<DefinitionProblem> Problems) Read(string path, string? displayRoot = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var root = displayRoot ?? Directory.GetCurrentDirectory();
        var documents = new List<SourceDocument>();
        var problems = new List<DefinitionProblem>();
        if (File.Exists(path))
        {
            var kindFolder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? string.Empty;
            if (KindOfFolder(kindFolder) is { } kind && kind != TemplateSetKind.KindName)
            {
                documents.Add(Document(kind, path, root));
            }
            else
            {
                problems.Add(new DefinitionProblem("unknown-kind",
                    $"Cannot tell what kind of definition '{path}' is; put it in a workflows/, rules/ or tables/ folder (template sets are folders under templates/).",
                    File: Relative(path, root)));
            }
            return (documents, problems);
        }
        if (!Directory.Exists(path))
        {
            problems.Add(new DefinitionProblem("not-found", $"'{path}' does not exist; give a definitions folder or a definition file.", File: path));
            return (documents, problems);
        }
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        if (KindOfFolder(name) is { } only)
        {
            ReadKind(only, path, root, documents, problems);
        }
        else
        {
            foreach (var (kind, folder) in new[]
            {
                (TemplateSetKind.KindName, "templates"), (DecisionTableKind.KindName, "tables"), (RuleSetKind.KindName, "rules"), (DefinitionCatalog.WorkflowKind, "workflows"),
            })
            {
                ReadKind(kind, Path.Combine(path, folder), root, documents, problems);
            }
        }
        if (documents.Count == 0 && problems.Count == 0)
        {
            problems.Add(new DefinitionProblem("empty", $"'{path}' holds no definitions (workflows/*.yaml, rules/*.json, tables/*.yaml, templates/<set>/).", File: path));
        }
        return (documents, problems);
    }

    private static void ReadKind(string kind, string folder, string root, List<SourceDocument> documents, List<DefinitionProblem> problems)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }
        if (kind == TemplateSetKind.KindName)
        {
            ReadTemplates(folder, root, documents, problems);
            return;
        }
        var patterns = kind == RuleSetKind.KindName ? JsonFiles : YamlFiles;
        foreach (var file in patterns.SelectMany(p => Directory.EnumerateFiles(folder, p)).Distinct().Order(StringComparer.Ordinal))
        {
            documents.Add(Document(kind, file, root));
        }
    }

    private static void ReadTemplates(string folder, string root, List<SourceDocument> documents, List<DefinitionProblem> problems)
    {
        TemplateLibrary library;
        try
        {
            library = TemplateSetLoader.LoadLibrary(folder);
        }
        catch (TemplateDefinitionException ex)
        {
            problems.Add(new DefinitionProblem("template-invalid", ex.Message, File: Relative(folder, root)));
            return;
        }
        foreach (var set in library.Sets.Values.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var text = TemplateDocument.From(set, library.Partials).ToJson();
            documents.Add(new SourceDocument(TemplateSetKind.KindName, set.Id, text, Relative(Path.Combine(folder, set.Id), root)));
        }
    }

    private static SourceDocument Document(string kind, string file, string root)
        => new(kind, kind == DefinitionCatalog.WorkflowKind ? null : Path.GetFileNameWithoutExtension(file),
            File.ReadAllText(file), Relative(file, root));

    private static string? KindOfFolder(string name) => name switch
    {
        "workflows" => DefinitionCatalog.WorkflowKind,
        "rules" => RuleSetKind.KindName,
        "tables" => DecisionTableKind.KindName,
        "templates" => TemplateSetKind.KindName,
        _ => null,
    };

    private static string Relative(string path, string root) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
