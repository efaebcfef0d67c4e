namespace OmsFlow.Workflows.Definitions;

/// <summary>A position in a definition file, 1-based.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>
/// Where each part of a definition was written, keyed by a path such as
/// <c>steps.reserve.inputs.items</c> or <c>steps.reserve.next.done</c>.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourcePosition> _positions;

    public SourceMap(string? file, Dictionary<string, SourcePosition> positions)
    {
        File = file;
        _positions = positions;
    }

    public static SourceMap Empty { get; } = new(null, []);

    /// <summary>File the definition came from (null for API documents).</summary>
    public string? File { get; }

    /// <summary>The position of <paramref name="path"/>, or of its nearest parent that has one.</summary>
    public SourcePosition? Find(string path)
    {
        var current = path;
        while (true)
        {
            if (_positions.TryGetValue(current, out var position))
            {
                return position;
            }
            var dot = current.LastIndexOf('.');
            if (dot < 0)
            {
                return null;
            }
            current = current[..dot];
        }
    }
}
