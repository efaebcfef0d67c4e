using System.Text.Json.Nodes;

namespace OmsFlow.Cli.Releases;

/// <summary>
/// Collects the definition files under a path as the server expects them: paths relative to the definitions folder
/// (<c>workflows/x.yaml</c>, <c>rules/x.json</c>, <c>tables/x.yaml</c>, <c>templates/set/...</c>).
/// </summary>
internal static class DefinitionFiles
{
    private static readonly string[] KindFolders = ["workflows", "rules", "tables", "templates"];

    /// <summary>The files of <paramref name="path"/> (a definitions folder, one kind's folder, a template set folder or one file), or an error.</summary>
    public static (JsonArray? Files, string? Error) Collect(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var kind = Path.GetFileName(Path.GetDirectoryName(full)) ?? string.Empty;
            if (!KindFolders.Contains(kind) || kind == "templates")
            {
                return (null, $"{path}: cannot tell what kind of definition this is; it must be in a workflows/, rules/ or tables/ folder (give a template set's folder).");
            }
            return ([Entry(kind + "/" + Path.GetFileName(full), full)], null);
        }
        if (!Directory.Exists(full))
        {
            return (null, $"{path}: no such file or folder");
        }
        full = Path.TrimEndingDirectorySeparator(full);
        var name = Path.GetFileName(full);
        var parent = Path.GetDirectoryName(full)!;
        string root;
        IEnumerable<string> folders;
        if (KindFolders.Contains(name))
        {
            root = parent;
            folders = [full];
        }
        else if (Path.GetFileName(parent) == "templates")
        {
            // One template set: send it with the shared partials it may use.
            root = Path.GetDirectoryName(parent)!;
            folders = [full, Path.Combine(parent, "_partials")];
        }
        else
        {
            root = full;
            folders = KindFolders.Select(k => Path.Combine(full, k));
        }
        var files = new JsonArray();
        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (!relative.Split('/').Any(part => part.StartsWith('.')))
                {
                    files.Add(Entry(relative, file));
                }
            }
        }
        return files.Count == 0
            ? (null, $"{path}: no definition files found (expected workflows/, rules/, tables/ or templates/ inside)")
            : (files, null);
    }

    private static JsonObject Entry(string relative, string file) => new() { ["path"] = relative, ["content"] = File.ReadAllText(file) };
}
