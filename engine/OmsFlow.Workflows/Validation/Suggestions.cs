namespace OmsFlow.Workflows.Validation;

/// <summary>"Did you mean" hints: the known name closest to a misspelt one.</summary>
internal static class Suggestions
{
    /// <summary>The closest of <paramref name="candidates"/> to <paramref name="name"/>, if close enough to be a typo.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        var allowed = Math.Max(2, name.Length / 3);
        return best is not null && bestDistance <= allowed ? best : null;
    }

    /// <summary>" Did you mean 'x'?" or an empty string.</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates)
        => Closest(name, candidates) is { } match ? $" Did you mean '{match}'?" : string.Empty;

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
