using System.Text.Json.Nodes;

namespace OmsFlow.Expressions.Tests.Golden;

/// <summary>
/// One case of a golden file. Format: <c>## inputs {json}</c> sets the named JSON inputs for the cases after it;
/// a case is the expression (one or more lines) followed by <c>=&gt; expected</c>, where expected is the result as
/// JSON or <c>error: text</c> (the error message must contain the text).
/// </summary>
public sealed record GoldenCase(string File, int Line, string Expression, JsonObject Inputs, string Expected)
{
    public static IEnumerable<GoldenCase> Read(string path)
    {
        var inputs = new JsonObject();
        var pending = new List<string>();
        var startLine = 0;
        var lines = System.IO.File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("## inputs ", StringComparison.Ordinal))
            {
                inputs = JsonNode.Parse(line["## inputs ".Length..])!.AsObject();
                continue;
            }

            if (line.StartsWith('#') || (pending.Count == 0 && string.IsNullOrWhiteSpace(line)))
            {
                continue;
            }

            if (line.StartsWith("=> ", StringComparison.Ordinal))
            {
                yield return new GoldenCase(Path.GetFileName(path), startLine, string.Join("\n", pending), inputs, line[3..].Trim());
                pending.Clear();
                continue;
            }

            if (pending.Count == 0)
            {
                startLine = i + 1;
            }

            pending.Add(line);
        }
    }
}
