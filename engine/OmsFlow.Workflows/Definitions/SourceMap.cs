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
    private readonly Dictionary<string, ScalarText> _scalars;

    public SourceMap(string? file, Dictionary<string, SourcePosition> positions)
        : this(file, positions, [])
    {
    }

    /// <param name="scalars">Where the text of each string value starts, for mapping a position inside an expression to the file.</param>
    public SourceMap(string? file, Dictionary<string, SourcePosition> positions, Dictionary<string, ScalarText> scalars)
    {
        File = file;
        _positions = positions;
        _scalars = scalars;
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

    /// <summary>
    /// The file position of <paramref name="line"/>:<paramref name="column"/> (1-based) inside the string value at
    /// <paramref name="path"/> (for an expression, counted from its leading '='); falls back to <see cref="Find"/>.
    /// </summary>
    public SourcePosition? Locate(string path, int line, int column)
    {
        if (!_scalars.TryGetValue(path, out var scalar))
        {
            return Find(path);
        }
        if (line <= 1)
        {
            return new SourcePosition(scalar.Start.Line, scalar.Start.Column + Math.Max(0, column - 1));
        }
        // Later lines of a block scalar start at its indentation; those of a folded or quoted one are approximated the same way.
        return new SourcePosition(scalar.Start.Line + line - 1, scalar.ContinuationColumn + Math.Max(0, column - 1));
    }
}

/// <summary>Where a string value's text starts in the file (after any quote or block indicator) and where its further lines start.</summary>
public readonly record struct ScalarText(SourcePosition Start, int ContinuationColumn);
