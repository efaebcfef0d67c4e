using System.Text.Json.Nodes;
using OmsFlow.Persistence.Records;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Expressions;

namespace OmsFlow.Workflows.Runtime;

/// <summary>Executing one step: inputs, the activity, and what its result means for the token.</summary>
internal sealed partial class InstanceExecution
{
    /// <summary>Resume outcome of the timer a retry waits on: the step runs again instead of resuming.</summary>
    internal const string RetryOutcome = "__retry";

    private async Task ExecuteStepAsync(Token token, CancellationToken cancellationToken)
    {
        var step = Definition.FindStep(token.Step);
        if (step is null)
        {
            Fault(token, null, $"The workflow has no step '{token.Step}'.", permanent: true);
            return;
        }
        if (!_services.Activities.TryGet(step.Activity, out var descriptor))
        {
            Fault(token, step, $"Activity '{step.Activity}' is not registered on this server.", permanent: true);
            return;
        }
        token.StartedAt = _services.NowMs;
        JsonObject inputs;
        Activity activity;
        try
        {
            inputs = EvaluateInputs(step, token);
            activity = CreateActivity(descriptor, inputs);
        }
        catch (Exception ex) when (ex is ExpressionEvaluationException or ActivityInputException)
        {
            Fault(token, step, ex.Message, permanent: true);
            return;
        }
        ActivityResult result;
        try
        {
            result = await activity.ExecuteAsync(CreateContext(token, step, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = ActivityResult.Fault(ex.Message);
        }
        Apply(token, step, descriptor, inputs, result);
    }

    /// <summary>Resumes the token that waits on <paramref name="bookmark"/>; the caller then runs the instance on.</summary>
    public async Task ResumeAsync(BookmarkRecord bookmark, string? outcome, JsonNode? data, CancellationToken cancellationToken)
    {
        // A bookmark added by this same unit (a buffered hook message taken as the step suspends) is simply not written.
        if (Unit.AddedBookmarks.RemoveAll(b => b.Id == bookmark.Id) == 0)
        {
            Unit.ConsumedBookmarks.Add(bookmark.Id);
        }
        var token = State.Tokens.Find(t => t.Bookmarks.Contains(bookmark.Id));
        if (token is null || IsTerminal)
        {
            return;
        }
        foreach (var other in token.Bookmarks)
        {
            if (other != bookmark.Id)
            {
                Unit.RemoveBookmarks([other]);
            }
        }
        token.Bookmarks.Clear();
        Status = InstanceStatus.Running;
        var resumeOutcome = outcome ?? bookmark.ResumeOutcome;
        if (resumeOutcome == RetryOutcome)
        {
            token.Status = TokenStatus.Ready;
            return;
        }
        var step = Definition.FindStep(token.Step);
        if (step is null || !_services.Activities.TryGet(step.Activity, out var descriptor))
        {
            Fault(token, step, $"Step '{token.Step}' no longer exists in version {_record.Version}.", permanent: true);
            return;
        }
        var inputs = token.Inputs ?? [];
        Journal("resumed", step, token, resumeOutcome, token.Attempt, new JsonObject
        {
            ["bookmark"] = bookmark.Kind + ":" + bookmark.Name,
            ["data"] = ValueTypes.Detach(data)?.DeepClone(),
        });
        ActivityResult result;
        try
        {
            var activity = CreateActivity(descriptor, inputs);
            var resumeEvent = new ResumeEvent(Enum.Parse<BookmarkKind>(bookmark.Kind, ignoreCase: true), bookmark.Name, resumeOutcome, data,
                bookmark.Payload is null ? null : JsonNode.Parse(bookmark.Payload) as JsonObject);
            result = await activity.ResumeAsync(CreateContext(token, step, cancellationToken), resumeEvent).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = ActivityResult.Fault(ex.Message);
        }
        token.Status = TokenStatus.Ready;
        Apply(token, step, descriptor, inputs, result);
    }

    private static Activity CreateActivity(ActivityDescriptor descriptor, JsonObject inputs)
    {
        var activity = descriptor.Create();
        foreach (var (name, value) in inputs)
        {
            descriptor.SetInput(activity, name, value);
        }
        return activity;
    }

    private void Apply(Token token, StepDefinition step, ActivityDescriptor descriptor, JsonObject inputs, ActivityResult result)
    {
        switch (result.Kind)
        {
            case ActivityResultKind.Completed:
                CompleteStep(token, step, descriptor, inputs, result.Outcomes, result.Output);
                if (descriptor.CommitAfter)
                {
                    _flushRequested = true;
                }
                break;
            case ActivityResultKind.Suspended:
                Suspend(token, step, inputs, result.Bookmarks);
                break;
            case ActivityResultKind.Faulted:
                Fault(token, step, result.Error ?? "The activity faulted.", result.Permanent);
                break;
            case ActivityResultKind.Join:
                Join(token, step, inputs, result.Parallel);
                break;
            case ActivityResultKind.Iterate:
                Iterate(token, step, descriptor, inputs, result.Items!, result.Parallel);
                break;
            case ActivityResultKind.CallWorkflow:
                CallWorkflow(token, step, inputs, result.ChildWorkflowId!, result.ChildInput!);
                break;
            case ActivityResultKind.EndInstance:
                Journal("completed", step, token, ActivityResult.DefaultOutcome, token.Attempt, StepData(step, descriptor, inputs, token, null));
                TimeStep(token, step, "completed");
                foreach (var other in State.Tokens)
                {
                    Unit.RemoveBookmarks(other.Bookmarks);
                }
                State.Tokens.Clear();
                State.Scopes.Clear();
                Complete();
                break;
            default:
                throw new InvalidOperationException($"Unknown activity result {result.Kind}.");
        }
    }

    private void CompleteStep(Token token, StepDefinition step, ActivityDescriptor descriptor, JsonObject inputs, IReadOnlyList<string> outcomes, JsonNode? output)
    {
        output = ValueTypes.Detach(output);
        Journal("completed", step, token, string.Join(',', outcomes), token.Attempt, StepData(step, descriptor, inputs, token, output));
        TimeStep(token, step, "completed");
        // Inside a loop or a fork the token carries its last output (a loop body's result); elsewhere nothing reads it.
        if (token.ScopeId is not null)
        {
            token.LastOutput = output?.DeepClone();
        }
        if (step.Compensate is not null && token.Compensating is null)
        {
            State.Compensations.Add(new CompensationEntry { Step = step.Name, CompensateStep = step.Compensate, Output = output?.DeepClone(), Item = token.Item?.DeepClone() });
        }
        State.Steps[step.Name] = new JsonObject { ["outcome"] = outcomes.Count == 1 ? outcomes[0] : new JsonArray([.. outcomes.Select(o => JsonValue.Create(o))]), ["output"] = output };
        if (outcomes.Count == 1)
        {
            Advance(token, step, outcomes[0]);
        }
        else
        {
            Fork(token, step, outcomes);
        }
    }

    private void Suspend(Token token, StepDefinition step, JsonObject inputs, IReadOnlyList<BookmarkRequest> requests)
    {
        token.Status = TokenStatus.Waiting;
        token.Inputs = inputs;
        var now = _services.NowMs;
        var described = new JsonArray();
        foreach (var request in requests)
        {
            var id = _record.Id + "-" + State.NewId("b");
            token.Bookmarks.Add(id);
            Unit.AddedBookmarks.Add(new BookmarkRecord
            {
                Id = id,
                InstanceId = _record.Id,
                TokenId = token.Id,
                Step = step.Name,
                Kind = request.Kind.ToString().ToLowerInvariant(),
                Name = request.Name,
                CorrelationKey = request.CorrelationKey,
                DueAt = request.DueAt?.ToUnixTimeMilliseconds(),
                ResumeOutcome = request.ResumeOutcome,
                Payload = request.Payload?.ToJsonString(),
                CreatedAt = now,
            });
            described.Add(new JsonObject { ["id"] = id, ["kind"] = request.Kind.ToString().ToLowerInvariant(), ["name"] = request.Name, ["dueAt"] = request.DueAt?.ToString("O") });
        }
        Journal("suspended", step, token, null, token.Attempt, new JsonObject { ["bookmarks"] = described });
    }

    private void Fault(Token token, StepDefinition? step, string error, bool permanent)
    {
        var stepName = step?.Name ?? token.Step;
        Journal("faulted", step, token, null, token.Attempt, new JsonObject { ["error"] = error });
        if (!permanent && step?.Retry is { } retry && token.Attempt < retry.Attempts && token.Compensating is null)
        {
            token.Attempt++;
            var due = _services.Clock.GetUtcNow() + retry.DelayBefore(token.Attempt);
            Suspend(token, step, token.Inputs ?? [], [new BookmarkRequest(BookmarkKind.Timer, "retry", DueAt: due, ResumeOutcome: RetryOutcome)]);
            return;
        }
        if (step is not null)
        {
            TimeStep(token, step, "faulted");
        }
        Unit.Incidents.Add(new IncidentRecord
        {
            Id = _record.Id + "-" + State.NewId("i"),
            InstanceId = _record.Id,
            Step = stepName,
            Error = error,
            Attempt = token.Attempt,
            CreatedAt = _services.NowMs,
        });
        State.Error = $"Step '{stepName}' faulted: {error}";
        if (Definition.OnFault == FaultPolicy.Incident || token.Compensating is not null)
        {
            token.Status = TokenStatus.Faulted;
            return;
        }
        StartCompensation(InstanceStatus.Faulted);
    }

    private ActivityContext CreateContext(Token token, StepDefinition step, CancellationToken cancellationToken)
    {
        var executionKey = token.Index is { } index ? $"{_record.Id}:{step.Name}:{index}" : $"{_record.Id}:{step.Name}";
        if (token.Visit > 1)
        {
            // A step reached again through a loop (wait for the next shipment, re-source after a change) is a new execution.
            executionKey += "#" + token.Visit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return new ActivityContext(
            _record.Id, Definition, _record.Version, step, executionKey, token.Attempt, _record.CorrelationKey, State.Variables,
            _services.Clock.GetUtcNow(), _services.Services, _services.Definitions, _services.Documents, State.Pins,
            expression => _services.Expressions.Evaluate(expression, BuildScope(token)),
            message => QueueMessage(executionKey, message),
            Unit.Writes.Add,
            cancellationToken);
    }

    private void QueueMessage(string executionKey, OutgoingMessage message)
    {
        Unit.Outbox.Add(new OutboxRecord
        {
            Id = executionKey + ":" + message.Key,
            InstanceId = _record.Id,
            CorrelationKey = _record.CorrelationKey,
            Channel = message.Channel,
            Topic = message.Topic,
            Payload = message.Payload.ToJsonString(),
            Status = "pending",
            CreatedAt = _services.NowMs,
            NextAttemptAt = _services.NowMs,
        });
    }
}
