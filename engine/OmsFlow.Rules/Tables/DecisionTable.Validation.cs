namespace OmsFlow.Rules.Tables;

public sealed partial class DecisionTable
{
    /// <summary>
    /// Finds overlapping rows where the hit policy forbids them (UNIQUE; ANY with different outputs) and, for tables
    /// whose rows differ only in one numeric column, the ranges no row covers (warnings). Entries that are free
    /// conditions cannot be analysed and are skipped.
    /// </summary>
    public IReadOnlyList<TableProblem> Validate()
    {
        var problems = new List<TableProblem>();
        if (HitPolicy is HitPolicy.Unique or HitPolicy.Any)
        {
            for (var a = 0; a < _rows.Count; a++)
            {
                for (var b = a + 1; b < _rows.Count; b++)
                {
                    if (HitPolicy == HitPolicy.Any && SameOutputs(_rows[a], _rows[b]))
                    {
                        continue;
                    }

                    if (Overlap(_rows[a], _rows[b]) == true)
                    {
                        problems.Add(new TableProblem(
                            _rows[b].Position,
                            $"row {_rows[b].Index} overlaps row {_rows[a].Index} (line {_rows[a].Position.Line}); {HitPolicy.ToString().ToUpperInvariant()} needs rows that cannot match together"));
                    }
                }
            }
        }

        problems.AddRange(FindGaps());
        return problems;
    }

    private static bool SameOutputs(DecisionRow a, DecisionRow b) =>
        a.OutputExpressions.All(e => e is null) && b.OutputExpressions.All(e => e is null)
        && a.Values.Zip(b.Values).All(pair => System.Text.Json.Nodes.JsonNode.DeepEquals(pair.First, pair.Second));

    /// <summary>True when some input matches both rows, false when none can, null when an entry cannot be analysed.</summary>
    private static bool? Overlap(DecisionRow a, DecisionRow b)
    {
        for (var i = 0; i < a.Entries.Count; i++)
        {
            var intersects = Intersects(a.Entries[i], b.Entries[i]);
            if (intersects != true)
            {
                return intersects;
            }
        }

        return true;
    }

    private static bool? Intersects(EntryTest a, EntryTest b)
    {
        if (a.IsAny || b.IsAny)
        {
            return true;
        }

        if (!a.IsAnalysable || !b.IsAnalysable)
        {
            return null;
        }

        if (a.Values is not null && b.Values is not null)
        {
            var common = a.Values.Any(v => b.Values.Any(w => Expressions.Runtime.DynamicOps.AreEqual(v, w)));
            return (a.Negated, b.Negated) switch
            {
                (false, false) => common,
                (true, true) => true,
                (true, false) => b.Values.Any(w => !a.Values.Any(v => Expressions.Runtime.DynamicOps.AreEqual(v, w))),
                _ => a.Values.Any(v => !b.Values.Any(w => Expressions.Runtime.DynamicOps.AreEqual(v, w))),
            };
        }

        if (a.Range is not null && b.Range is not null && !a.Negated && !b.Negated)
        {
            return a.Range.Intersects(b.Range);
        }

        return null;
    }

    private IEnumerable<TableProblem> FindGaps()
    {
        if (HitPolicy is HitPolicy.Collect || Inputs.Count == 0 || _rows.Count == 0)
        {
            yield break;
        }

        for (var column = 0; column < Inputs.Count; column++)
        {
            var others = Enumerable.Range(0, Inputs.Count).Where(c => c != column);
            if (!_rows.All(r => others.All(c => r.Entries[c].IsAny)))
            {
                continue;
            }

            var ranges = new List<Interval>();
            foreach (var row in _rows)
            {
                var entry = row.Entries[column];
                if (entry.IsAny)
                {
                    ranges.Add(Interval.All);
                }
                else if (entry.Range is not null && !entry.Negated)
                {
                    ranges.Add(entry.Range);
                }
                else
                {
                    ranges.Clear();
                    break;
                }
            }

            if (ranges.Count == 0)
            {
                continue;
            }

            foreach (var gap in Uncovered(ranges))
            {
                yield return new TableProblem(Inputs[column].Position, $"no row matches {Inputs[column].Name} in {gap}", IsWarning: true);
            }
        }
    }

    private static IEnumerable<Interval> Uncovered(List<Interval> ranges)
    {
        var sorted = ranges.OrderBy(r => r.Low).ThenBy(r => r.LowInclusive ? 0 : 1).ToList();
        var reach = double.NegativeInfinity;
        var reachInclusive = false;
        foreach (var range in sorted)
        {
            var starts = range.Low > reach || (range.Low == reach && !range.LowInclusive && !reachInclusive);
            if (starts && !(double.IsNegativeInfinity(range.Low) && double.IsNegativeInfinity(reach)))
            {
                yield return new Interval(reach, !reachInclusive && !double.IsInfinity(reach), range.Low, !range.LowInclusive);
            }

            if (range.High > reach || (range.High == reach && range.HighInclusive))
            {
                reach = range.High;
                reachInclusive = range.HighInclusive;
            }
        }

        if (!double.IsPositiveInfinity(reach))
        {
            yield return new Interval(reach, !reachInclusive, double.PositiveInfinity, false);
        }
    }
}
