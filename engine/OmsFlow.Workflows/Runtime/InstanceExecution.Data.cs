using System.Buffers;
using System.Text;
using System.Text.Json;
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
        // One dictionary per execution, refilled per step: the names change as variables are set, the values are live state.
        var scope = _scope ??= new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        scope.Clear();
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
        scope["instance"] = _instanceInfo ??= new JsonObject
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
    /// <remarks>
    /// A value without expressions comes back as the definition's own node, which every instance shares: it is copied,
    /// never attached, or two instances adding it at once would collide (a node has one parent).
    /// </remarks>
    private JsonNode? EvaluateValue(JsonNode? value, Dictionary<string, JsonNode?> scope)
    {
        var resolved = InputExpressions.Resolve(value, expression => _services.Expressions.Evaluate(expression, scope));
        return ReferenceEquals(resolved, value) ? value?.DeepClone() : ValueTypes.Detach(resolved);
    }

    private void Journal(string kind, StepDefinition? step, Token? token, string? outcome, int attempt, JsonObject? data)
        => Journal(kind, step, token, outcome, attempt, data?.ToJsonString());

    private void Journal(string kind, StepDefinition? step, Token? token, string? outcome, int attempt, string? data)
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
            Data = data,
        });
    }

    /// <summary>Journal data of a completed step: redacted inputs, output, start time and loop index, written straight to JSON.</summary>
    private static string StepData(StepDefinition step, ActivityDescriptor descriptor, JsonObject inputs, Token token, JsonNode? output)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("input");
            foreach (var (name, value) in inputs)
            {
                writer.WritePropertyName(name);
                if (IsSensitive(step, descriptor, name))
                {
                    writer.WriteStringValue(Redacted);
                }
                else if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }
            writer.WriteEndObject();
            writer.WritePropertyName("output");
            if (output is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                output.WriteTo(writer);
            }
            writer.WriteNumber("startedAt", token.StartedAt);
            if (token.Index is { } index)
            {
                writer.WriteNumber("index", index);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool IsSensitive(StepDefinition step, ActivityDescriptor descriptor, string input)
    {
        if (step.Sensitive.Contains(input))
        {
            return true;
        }
        foreach (var declared in descriptor.Inputs)
        {
            if (declared.Sensitive && string.Equals(declared.Name, input, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
