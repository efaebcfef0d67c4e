using System.Text.Json;

namespace OmsFlow.Templates.Validation;

public sealed partial class TemplateValidator
{
    /// <summary>Where a tag sits: which template, which scopes are open, how to turn offsets into positions.</summary>
    private sealed record TagContext(TemplateScanner Scanner, string Template, List<Frame> Frames, int Depth, List<TemplateProblem> Problems)
    {
        public void Report(string code, string message, int offset)
        {
            var (line, column) = Scanner.Position(offset);
            Problems.Add(new TemplateProblem(code, message, line, column, Template));
        }
    }

    private sealed partial class Walk
    {
        private static readonly HashSet<string> LoopData = new(StringComparer.Ordinal) { "@index", "@key", "@first", "@last", "@value" };

        /// <summary>Resolves a path against the sample data; reports it when no sample value has it.</summary>
        /// <returns>The sample values the path leads to, or null when they cannot be known (no sample, null values).</returns>
        private IReadOnlyList<JsonElement>? Resolve(ExpressionPart part, TagContext context)
        {
            if (part is not PathPart { Path: var path } || context.Frames.Count == 0)
            {
                return null;
            }

            IReadOnlyList<JsonElement>? values;
            var rest = path;
            if (rest.StartsWith("@root", StringComparison.Ordinal))
            {
                values = root[0].Values;
                rest = rest.Length > 5 ? rest[6..] : string.Empty;
            }
            else if (rest.StartsWith('@'))
            {
                var name = rest.Split('.', '/')[0];
                if (LoopData.Contains(name) && !context.Frames[^1].InEach)
                {
                    context.Report(TemplateProblemCodes.UnknownVariable, $"'{name}' only exists inside {{{{#each}}}}.", part.Offset);
                }

                return null;
            }
            else if (Parameter(rest, context.Frames[^1]) is { } parameter)
            {
                if (parameter.Values.Count == 0)
                {
                    return null;
                }

                values = parameter.Values;
                rest = parameter.Remainder;
            }
            else
            {
                var level = context.Frames.Count - 1;
                while (rest.StartsWith("../", StringComparison.Ordinal))
                {
                    rest = rest[3..];
                    level--;
                    while (level > 0 && context.Frames[level].Transparent)
                    {
                        level--;
                    }
                }

                values = context.Frames[Math.Max(level, 0)].Values;
            }

            if (rest.StartsWith("this", StringComparison.Ordinal) && (rest.Length == 4 || rest[4] is '.' or '/'))
            {
                rest = rest.Length == 4 ? string.Empty : rest[5..];
            }
            else if (rest.StartsWith("./", StringComparison.Ordinal))
            {
                rest = rest[2..];
            }

            if (rest is "" or ".")
            {
                return values;
            }

            var segments = rest.Split('.', '/');
            for (var i = 0; i < segments.Length; i++)
            {
                var segment = segments[i].Trim('[', ']');
                var next = new List<JsonElement>();
                var objects = new List<JsonElement>();
                var unknown = false;
                foreach (var value in values)
                {
                    switch (value.ValueKind)
                    {
                        case JsonValueKind.Object:
                            objects.Add(value);
                            if (value.TryGetProperty(segment, out var property))
                            {
                                next.Add(property);
                            }

                            break;
                        case JsonValueKind.Array when segment == "length" || int.TryParse(segment, out _):
                            unknown = segment == "length";
                            if (!unknown && int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture) < value.GetArrayLength())
                            {
                                next.Add(value[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]);
                            }

                            break;
                        default:
                            unknown = true;
                            break;
                    }
                }

                if (next.Count == 0)
                {
                    if (!unknown && (objects.Count > 0 || values.Count > 0))
                    {
                        ReportUnknown(path[..^rest.Length], segments, i, objects, part.Offset, context);
                    }

                    return null;
                }

                values = next;
            }

            return values;
        }

        private static (IReadOnlyList<JsonElement> Values, string Remainder)? Parameter(string path, Frame frame)
        {
            var end = path.IndexOfAny(['.', '/']);
            var name = end < 0 ? path : path[..end];
            return frame.Parameters.TryGetValue(name, out var values) ? (values, end < 0 ? string.Empty : path[(end + 1)..]) : null;
        }

        private static void ReportUnknown(string prefix, string[] segments, int failed, List<JsonElement> objects, int offset, TagContext context)
        {
            var names = objects.SelectMany(o => o.EnumerateObject().Select(p => p.Name)).Distinct(StringComparer.Ordinal).ToList();
            var hint = Suggest(segments[failed], names);
            var where = failed == 0 ? "in this scope" : $"under '{string.Join('.', segments[..failed])}'";
            var path = prefix + string.Join('.', segments);
            var message = $"Unknown variable '{path}': the sample data has no '{segments[failed]}' {where}.";
            if (hint is not null)
            {
                var corrected = (string[])segments.Clone();
                corrected[failed] = hint;
                message += $" Did you mean '{prefix}{string.Join('.', corrected)}'?";
            }
            else
            {
                message += " Add it to the sample data if the document really has it.";
            }

            context.Report(TemplateProblemCodes.UnknownVariable, message, offset);
        }
    }

    /// <summary>The closest candidate by edit distance, if it is close enough to be a typo.</summary>
    internal static string? Suggest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is not null && bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
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
