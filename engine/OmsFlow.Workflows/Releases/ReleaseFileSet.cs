using System.Text.Json.Nodes;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Releases;

/// <summary>
/// Definition files sent as <c>[{path, content}]</c> (paths relative to a definitions folder, such as
/// <c>tables/discounts.yaml</c> or <c>templates/invoice/invoice.html.hbs</c>), read the same way as a definitions folder
/// on disk so problems name the file as the sender has it. The server's release endpoints and the CLI's local mode read
/// them with this one reader.
/// </summary>
public static class ReleaseFileSet
{
    /// <summary>The documents of <paramref name="files"/>, or problems for entries without a path and content or escaping the folder.</summary>
    public static (IReadOnlyList<SourceDocument> Documents, IReadOnlyList<DefinitionProblem> Problems) Read(JsonArray files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var folder = Path.Combine(Path.GetTempPath(), "omsflow-release-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var problems = new List<DefinitionProblem>();
            for (var i = 0; i < files.Count; i++)
            {
                var path = files[i]?["path"] is JsonValue p && p.TryGetValue<string>(out var text) ? text : null;
                var content = files[i]?["content"] is JsonValue c && c.TryGetValue<string>(out var body) ? body : null;
                if (string.IsNullOrWhiteSpace(path) || content is null)
                {
                    problems.Add(new DefinitionProblem("file-invalid", $"files[{i}] needs a 'path' (e.g. tables/discounts.yaml) and a 'content' string.", Field: $"files[{i}]"));
                    continue;
                }
                var relative = path.Replace('\\', '/').TrimStart('/');
                var full = Path.GetFullPath(Path.Combine(folder, relative));
                if (!full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.Split('/').Contains(".."))
                {
                    problems.Add(new DefinitionProblem("file-invalid", $"'{path}' must be a relative path inside the definitions folder, without '..'.", File: path));
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, content);
            }
            if (problems.Count > 0)
            {
                return ([], problems);
            }
            return DefinitionFolder.Read(folder, folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
