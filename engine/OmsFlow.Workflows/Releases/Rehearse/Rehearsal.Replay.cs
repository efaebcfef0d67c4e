using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Rules.Execution;
using OmsFlow.Rules.Tables;
using OmsFlow.Workflows.Activities.Rules;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Releases.Rehearse;

/// <summary>Replaying one recorded evaluation through the active version and the candidate, and what changed.</summary>
public sealed partial class Rehearsal
{
    internal abstract class Replay
    {
        private readonly Dictionary<string, (int Before, int After)> _totals = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Name, string? Unit), (decimal Before, decimal After)> _measures = [];

        public abstract RehearsalCase? Run(Recorded recorded);

        public IReadOnlyList<RehearsalTotal> Totals() => [.. _totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new RehearsalTotal(t.Key, t.Value.Before, t.Value.After))];

        public IReadOnlyList<RehearsalMeasure> Measures()
            => [.. _measures.OrderBy(m => m.Key.Name, StringComparer.Ordinal).ThenBy(m => m.Key.Unit, StringComparer.Ordinal)
                .Select(m => new RehearsalMeasure(m.Key.Name, m.Key.Unit, m.Value.Before, m.Value.After))];

        protected void Count(string name, bool before, bool after)
        {
            var (b, a) = _totals.GetValueOrDefault(name);
            _totals[name] = (b + (before ? 1 : 0), a + (after ? 1 : 0));
        }

        protected void Sum(string name, string? unit, decimal before, decimal after)
        {
            var (b, a) = _measures.GetValueOrDefault((name, unit));
            _measures[(name, unit)] = (b + before, a + after);
        }
    }

    private sealed class RuleReplay(RuleSet candidate, RuleSet? active) : Replay
    {
        public static RuleReplay Create(CanonicalDefinition candidate, int? version, string? content)
            => new(RuleSetKind.Load(candidate.Id, 0, candidate.Canonical), content is null ? null : RuleSetKind.Load(candidate.Id, version!.Value, content));

        public override RehearsalCase? Run(Recorded recorded)
        {
            var input = recorded.Input;
            var parameters = input["inputs"] as JsonObject ?? input;
            var workflow = input["workflow"]?.ToString() ?? candidate.Workflows.First().WorkflowName;
            var mode = Enum.TryParse<EvaluationMode>(input["mode"]?.ToString(), ignoreCase: true, out var m) ? m : EvaluationMode.All;
            var after = Evaluate(candidate, workflow, mode, parameters);
            var before = active is not null && active.HasWorkflow(workflow) ? Evaluate(active, workflow, mode, parameters) : null;
            var changes = new List<string>();
            var outcomes = new List<RehearsalOutcome>();
            var causes = new List<string>();
            foreach (var rule in before?.Rules.Keys.Union(after.Rules.Keys, StringComparer.Ordinal) ?? after.Rules.Keys)
            {
                bool? was = before?.Rules.TryGetValue(rule, out var b) == true ? b : null;
                bool? now = after.Rules.TryGetValue(rule, out var a) ? a : null;
                Count($"rule '{rule}' succeeded", was == true, now == true);
                if (was != now)
                {
                    changes.Add($"rule '{rule}': {Word(was)} -> {Word(now)}");
                    outcomes.Add(new RehearsalOutcome($"rule '{rule}'", Word(was), Word(now)));
                    causes.Add($"rule '{rule}'");
                }
            }
            foreach (var successEvent in (before?.Events ?? []).Union(after.Events, StringComparer.Ordinal))
            {
                Count($"success event '{successEvent}'", before?.Events.Contains(successEvent) == true, after.Events.Contains(successEvent));
            }
            var eventsBefore = string.Join(", ", before?.Events ?? []);
            var eventsAfter = string.Join(", ", after.Events);
            if (before is not null && eventsBefore != eventsAfter)
            {
                changes.Add($"success events: [{eventsBefore}] -> [{eventsAfter}]");
                outcomes.Add(new RehearsalOutcome("success events", eventsBefore, eventsAfter));
            }
            return new RehearsalCase(recorded.Case, recorded.CorrelationKey, before?.Json, after.Json, changes) { Outcomes = outcomes, Causes = causes };
        }

        private static string Word(bool? success) => success switch { true => "passed", false => "failed", null => "absent" };

        private sealed record Outcome(Dictionary<string, bool> Rules, List<string> Events, JsonObject Json);

        private static Outcome Evaluate(RuleSet rules, string workflow, EvaluationMode mode, JsonObject parameters)
        {
            var results = rules.Execute(workflow, mode, [.. parameters.Select(p => new RuleParameter(p.Key, p.Value?.DeepClone()))]);
            var outcome = results.ToDictionary(r => r.Rule.RuleName, r => r.IsSuccess, StringComparer.Ordinal);
            var events = RuleResultSummary.SuccessEvents(results).Select(e => e?.ToString() ?? string.Empty).ToList();
            return new Outcome(outcome, events, new JsonObject
            {
                ["rules"] = new JsonObject(outcome.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
                ["successEvents"] = new JsonArray([.. events.Select(e => (JsonNode?)e)]),
            });
        }
    }

    /// <summary>
    /// A decision table compared by the values it produces, not by the rows it hits: through the table's
    /// <see cref="IRehearsalLens"/> when it has one, else by its output columns (the first one counted in the totals)
    /// or, for a COLLECT table, by the rows that apply.
    /// </summary>
    private sealed class TableReplay(DecisionTable candidate, DecisionTable? active, IRehearsalLens? lens) : Replay
    {
        private const string NoMatch = "no match";
        private const string Applies = "applies row ";

        public static TableReplay Create(CanonicalDefinition candidate, int? version, string? content, IRehearsalLens? lens)
            => new(DecisionTableKind.Load(candidate.Id, 0, candidate.Canonical), content is null ? null : DecisionTableKind.Load(candidate.Id, version!.Value, content), lens);

        public override RehearsalCase? Run(Recorded recorded)
        {
            var input = recorded.Input["input"] as JsonObject ?? recorded.Input;
            var after = candidate.Evaluate((JsonObject)input.DeepClone());
            var before = active?.Evaluate((JsonObject)input.DeepClone());
            var afterValues = Values(input, after);
            var beforeValues = before is null ? null : Values(input, before);
            Tally(afterValues, before: false);
            if (beforeValues is not null)
            {
                Tally(beforeValues, before: true);
            }
            foreach (var amount in afterValues.Where(v => v.Amount is not null))
            {
                var was = beforeValues?.FirstOrDefault(v => v.Name == amount.Name && v.Unit == amount.Unit)?.Amount ?? 0m;
                Sum(amount.Name, amount.Unit, was, amount.Amount!.Value);
            }
            var outcomes = new List<RehearsalOutcome>();
            if (beforeValues is not null)
            {
                foreach (var name in beforeValues.Select(v => v.Name).Union(afterValues.Select(v => v.Name), StringComparer.Ordinal))
                {
                    var was = beforeValues.FirstOrDefault(v => v.Name == name)?.Text;
                    var now = afterValues.FirstOrDefault(v => v.Name == name)?.Text;
                    if (!string.Equals(was, now, StringComparison.Ordinal))
                    {
                        outcomes.Add(new RehearsalOutcome(name, was ?? "none", now ?? "none"));
                    }
                }
            }
            var causes = outcomes.Count > 0 ? Causes(input, before!, after) : [];
            return new RehearsalCase(recorded.Case, recorded.CorrelationKey, before is null ? null : Json(before), Json(after),
                [.. outcomes.Select(o => $"{o.Name}: {o.Before} -> {o.After}")])
            {
                Outcomes = outcomes,
                Causes = causes,
            };
        }

        private IReadOnlyList<LensValue> Values(JsonObject input, DecisionResult result)
        {
            if (lens is not null)
            {
                return lens.Read(input, result.Output);
            }
            return result.Output switch
            {
                null => [new LensValue("output", NoMatch, Counted: true)],
                JsonObject row => [.. row.Select((p, i) => new LensValue(p.Key, Text(p.Value), Counted: i == 0))],
                JsonArray rows => [.. rows.Select((r, i) => new LensValue(Applies + RowName(r, i < result.MatchedRows.Count ? result.MatchedRows[i] : i + 1), Text(r)))],
                _ => [new LensValue("output", Text(result.Output), Counted: true)],
            };
        }

        private void Tally(IReadOnlyList<LensValue> values, bool before)
        {
            foreach (var value in values)
            {
                if (value.Counted)
                {
                    Count($"{value.Name} = {value.Text}", before, !before);
                }
                else if (value.Name.StartsWith(Applies, StringComparison.Ordinal))
                {
                    Count(value.Name, before, !before);
                }
            }
        }

        /// <summary>
        /// The rows whose output differs between the two versions, or that match with only one of them. With a lens and
        /// several such rows, only those whose change alone changes the outcome (a coupon row changes only the orders
        /// carrying its code).
        /// </summary>
        private List<string> Causes(JsonObject input, DecisionResult before, DecisionResult after)
        {
            var was = Rows(before);
            var now = Rows(after);
            var differing = was.Keys.Union(now.Keys, StringComparer.Ordinal)
                .Where(k => !string.Equals(Text(was.GetValueOrDefault(k)), Text(now.GetValueOrDefault(k)), StringComparison.Ordinal)).ToList();
            if (lens is not null && differing.Count > 1 && before.Output is JsonArray && after.Output is JsonArray)
            {
                var baseline = Signature(lens.Read(input, before.Output));
                var alone = differing.Where(k => Signature(lens.Read(input, WithOneRowChanged(was, now, k))) != baseline).ToList();
                differing = alone.Count > 0 ? alone : differing;
            }
            return differing.Count > 0 ? [.. differing.Select(k => $"row {k}")] : ["table settings (hit policy, columns)"];
        }

        /// <summary>The active version's matched rows with only row <paramref name="key"/> as the candidate has it.</summary>
        private static JsonArray WithOneRowChanged(Dictionary<string, JsonNode?> was, Dictionary<string, JsonNode?> now, string key)
        {
            var rows = new JsonArray();
            foreach (var (name, row) in was)
            {
                if (name != key)
                {
                    rows.Add(row?.DeepClone());
                }
                else if (now.TryGetValue(key, out var changed))
                {
                    rows.Add(changed?.DeepClone());
                }
            }
            if (!was.ContainsKey(key) && now.TryGetValue(key, out var added))
            {
                rows.Add(added?.DeepClone());
            }
            return rows;
        }

        private static string Signature(IReadOnlyList<LensValue> values) => string.Join('\n', values.Select(v => v.Name + "=" + v.Text));

        /// <summary>Each matched row's output by row name (its first output value, else its number).</summary>
        private static Dictionary<string, JsonNode?> Rows(DecisionResult result)
        {
            var rows = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            var outputs = result.Output is JsonArray list ? [.. list] : result.Matched ? new List<JsonNode?> { result.Output } : [];
            for (var i = 0; i < outputs.Count && i < result.MatchedRows.Count; i++)
            {
                rows[RowName(outputs[i], result.MatchedRows[i])] = outputs[i];
            }
            return rows;
        }

        /// <summary>A row's name: its <c>id</c> (or <c>name</c>) output when the table has one, which survives rows moving; else its number (1-based).</summary>
        private static string RowName(JsonNode? output, int row)
            => output is JsonObject values && values.FirstOrDefault() is { Key: var column, Value: JsonValue first } && IsNameColumn(column)
                && first.TryGetValue<string>(out var name) && name.Length is > 0 and <= 40
                ? $"'{name}'"
                : row.ToString(CultureInfo.InvariantCulture);

        private static bool IsNameColumn(string column) => column.Equals("id", StringComparison.OrdinalIgnoreCase) || column.Equals("name", StringComparison.OrdinalIgnoreCase);

        private static string Text(JsonNode? node) => node switch
        {
            null => "null",
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => node.ToJsonString(ReleaseJson.Readable),
        };

        private static JsonObject Json(DecisionResult result) => new()
        {
            ["matchedRows"] = new JsonArray([.. result.MatchedRows.Select(r => (JsonNode?)r)]),
            ["output"] = result.Output?.DeepClone(),
        };
    }
}
