namespace OmsFlow.Expressions.Runtime;

/// <summary>"did you mean" hints: the closest known name by edit distance, when it is close enough to be a typo.</summary>
public static class Suggestions
{
    /// <summary>Returns <c>"; did you mean 'x'?"</c> or an empty string.</summary>
    public static string Hint(string name, IEnumerable<string> candidates)
    {
        var best = Closest(name, candidates);
        return best is null ? string.Empty : $"; did you mean '{best}'?";
    }

    /// <summary>The candidate closest to <paramref name="name"/> (case-insensitive), or null when none is plausibly meant.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var allowed = Math.Max(1, Math.Max(name.Length, 2) / 3);
        if (bestDistance <= allowed)
        {
            return best;
        }

        // Dropped letters ('couy' for 'country') are a common typo that edit distance alone judges too far.
        return candidates.FirstOrDefault(c => name.Length >= 3 && name.Length * 2 >= c.Length && IsSubsequence(name, c));
    }

    private static bool IsSubsequence(string name, string candidate)
    {
        var index = 0;
        foreach (var c in candidate)
        {
            if (index < name.Length && char.ToUpperInvariant(c) == char.ToUpperInvariant(name[index]))
            {
                index++;
            }
        }

        return index == name.Length;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
