using System.Text.Json.Nodes;
using OmsFlow.Persistence.Records;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Expressions;

namespace OmsFlow.Workflows.Runtime;

/// <summary>Expression scope, input evaluation and the journal.</summary>
internal sealed partial class InstanceExecution
{
    private const string Redacted = "***";

    /// <summary>
    /// Names an expression sees: every variable, every workflow input by name and as <c>input</c>, <c>steps</c>
    /// (each step's latest outcome and output), <c>instance</c>, and inside loops and compensation <c>item</c>,
    /// <c>index</c> and <c>compensation</c>.
    /// </summary>
    private Dictionary<string, JsonNode?> BuildScope(Token? token)
    {
        var scope = new Dictionary<string, JsonNode?>(State.Variables.Count + State.Input.Count + 6, StringComparer.Ordinal);
        foreach (var (name, value) in State.Input)
        {
            scope[name] = value;
        }
        foreach (var (name, value) in State.Variables)
        {
            scope[name] = value;
        }
        scope["input"] = State.Input;
        scope["steps"] = State.Steps;
        scope["instance"] = new JsonObject
        {
            ["id"] = _record.Id,
            ["workflowId"] = _record.WorkflowId,
            ["version"] = _record.Version,
            ["correlationKey"] = _record.CorrelationKey,
        };
        if (token?.Index is { } index)
        {
            scope["item"] = token.Item;
            scope["index"] = index;
        }
        if (token?.Compensating is { } compensating)
        {
            scope["compensation"] = new JsonObject { ["step"] = compensating.Step, ["output"] = compensating.Output?.DeepClone() };
            scope["item"] = compensating.Item;
        }
        return scope;
    }

    private JsonObject EvaluateInputs(StepDefinition step, Token token)
    {
        var result = new JsonObject();
        if (step.Inputs.Count == 0)
        {
            return result;
        }
        var scope = BuildScope(token);
        foreach (var (name, value) in step.Inputs)
        {
            try
            {
                result[name] = EvaluateValue(value, scope);
            }
            catch (ExpressionEvaluationException ex)
            {
                throw new ExpressionEvaluationException($"Input '{name}': {ex.Message}", ex);
            }
        }
        return result;
    }

    /// <summary>Evaluates every <c>=expression</c> inside a JSON value (the DSL's rule, see <see cref="InputExpressions"/>).</summary>
    private JsonNode? EvaluateValue(JsonNode? value, Dictionary<string, JsonNode?> scope)
        => ValueTypes.Detach(InputExpressions.Resolve(value, expression => _services.Expressions.Evaluate(expression, scope)));

    private void Journal(string kind, StepDefinition? step, Token? token, string? outcome, int attempt, JsonObject? data)
    {
        Unit.Journal.Add(new JournalRecord
        {
            InstanceId = _record.Id,
            Seq = State.NextJournalSeq++,
            Timestamp = _services.NowMs,
            Kind = kind,
            Step = step?.Name ?? token?.Step,
            Activity = step?.Activity,
            Outcome = outcome,
            Attempt = attempt,
            Data = data?.ToJsonString(),
        });
    }

    /// <summary>Journal data of a completed step: redacted inputs, output, start time and loop index.</summary>
    private static JsonObject StepData(StepDefinition step, ActivityDescriptor descriptor, JsonObject inputs, Token token, JsonNode? output)
    {
        var recorded = new JsonObject();
        foreach (var (name, value) in inputs)
        {
            var sensitive = step.Sensitive.Contains(name) || descriptor.Inputs.Any(i => i.Sensitive && string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
            recorded[name] = sensitive ? Redacted : value?.DeepClone();
        }
        var data = new JsonObject { ["input"] = recorded, ["output"] = output?.DeepClone(), ["startedAt"] = token.StartedAt };
        if (token.Index is { } index)
        {
            data["index"] = index;
        }
        return data;
    }
}
