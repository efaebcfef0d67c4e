using System.Text;

namespace OmsFlow.Workflows.Releases.Diff;

/// <summary>Longest-common-subsequence diffs of sequences (table rows, template lines) and unified diff text.</summary>
public static class LineDiff
{
    /// <summary>One step of an edit script: keep, delete (from the old side) or insert (from the new side).</summary>
    public readonly record struct Edit(char Op, int OldIndex, int NewIndex, string Text);

    /// <summary>The edit script turning <paramref name="before"/> into <paramref name="after"/> (' ' keep, '-' delete, '+' insert).</summary>
    public static IReadOnlyList<Edit> Compare(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var n = before.Count;
        var m = after.Count;
        var lengths = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lengths[i, j] = string.Equals(before[i], after[j], StringComparison.Ordinal)
                    ? lengths[i + 1, j + 1] + 1
                    : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }
        var edits = new List<Edit>(n + m);
        int a = 0, b = 0;
        while (a < n && b < m)
        {
            if (string.Equals(before[a], after[b], StringComparison.Ordinal))
            {
                edits.Add(new Edit(' ', a, b, before[a]));
                a++;
                b++;
            }
            else if (lengths[a + 1, b] >= lengths[a, b + 1])
            {
                edits.Add(new Edit('-', a, b, before[a]));
                a++;
            }
            else
            {
                edits.Add(new Edit('+', a, b, after[b]));
                b++;
            }
        }
        for (; a < n; a++)
        {
            edits.Add(new Edit('-', a, b, before[a]));
        }
        for (; b < m; b++)
        {
            edits.Add(new Edit('+', a, b, after[b]));
        }
        return edits;
    }

    /// <summary>A unified diff (hunks with <paramref name="context"/> lines around changes) of two texts; empty when equal.</summary>
    public static string Unified(string before, string after, int context = 2)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var edits = Compare(Lines(before), Lines(after));
        var changed = edits.Select((e, i) => (e, i)).Where(p => p.e.Op != ' ').Select(p => p.i).ToList();
        if (changed.Count == 0)
        {
            return string.Empty;
        }
        var text = new StringBuilder();
        var index = 0;
        while (index < changed.Count)
        {
            var start = Math.Max(0, changed[index] - context);
            var end = Math.Min(edits.Count - 1, changed[index] + context);
            while (index + 1 < changed.Count && changed[index + 1] - context <= end + 1)
            {
                index++;
                end = Math.Min(edits.Count - 1, changed[index] + context);
            }
            var hunk = edits.Skip(start).Take(end - start + 1).ToList();
            var oldCount = hunk.Count(e => e.Op != '+');
            var newCount = hunk.Count(e => e.Op != '-');
            text.Append("@@ -").Append(hunk[0].OldIndex + 1).Append(',').Append(oldCount)
                .Append(" +").Append(hunk[0].NewIndex + 1).Append(',').Append(newCount).Append(" @@").Append('\n');
            foreach (var edit in hunk)
            {
                text.Append(edit.Op).Append(edit.Text).Append('\n');
            }
            index++;
        }
        return text.ToString().TrimEnd('\n');
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
