using System.Text.Json.Nodes;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Expressions;

namespace OmsFlow.Workflows.Runtime;

/// <summary>How an instance ends: completion with outputs, compensation (sagas), cancellation and retry.</summary>
internal sealed partial class InstanceExecution
{
    /// <summary>Cancels the instance: live branches stop, then completed steps are compensated in reverse order.</summary>
    public void Cancel(string? reason)
    {
        if (IsTerminal && Status != InstanceStatus.Faulted)
        {
            throw new InvalidOperationException($"Instance {Id} is {Status}; only running, suspended or faulted instances can be cancelled.");
        }
        State.Error = reason is null ? State.Error : "Cancelled: " + reason;
        Unit.ResolveIncidentsAt = _services.NowMs;
        Journal("instanceCancelling", null, null, null, 0, new JsonObject { ["reason"] = reason });
        StartCompensation(InstanceStatus.Cancelled);
    }

    /// <summary>Puts every faulted step back to run again, with fresh retry attempts.</summary>
    public void Retry()
    {
        var faulted = State.Tokens.Where(t => t.Status == TokenStatus.Faulted).ToList();
        if (faulted.Count == 0)
        {
            throw new InvalidOperationException(State.Compensations.Count == 0 && Status == InstanceStatus.Faulted
                ? $"Instance {Id} has nothing to retry: it faulted and was compensated (onFault: compensate). Use onFault: incident to keep faulted steps retryable."
                : $"Instance {Id} has no faulted step to retry.");
        }
        foreach (var token in faulted)
        {
            token.Status = TokenStatus.Ready;
            token.Attempt = 1;
        }
        State.Error = null;
        Status = InstanceStatus.Running;
        Unit.ResolveIncidentsAt = _services.NowMs;
        Journal("instanceRetried", null, null, null, 0, new JsonObject { ["steps"] = new JsonArray([.. faulted.Select(t => JsonValue.Create(t.Step))]) });
    }

    private void StartCompensation(InstanceStatus towards)
    {
        foreach (var token in State.Tokens)
        {
            Unit.RemoveBookmarks(token.Bookmarks);
        }
        State.Tokens.Clear();
        State.Scopes.Clear();
        State.CompensatingTowards = towards;
        Status = InstanceStatus.Running;
        if (State.Compensations.Count > 0)
        {
            Journal("compensating", null, null, null, 0, new JsonObject { ["steps"] = new JsonArray([.. State.Compensations.Select(c => JsonValue.Create(c.Step)).Reverse()]) });
        }
        ContinueCompensation();
    }

    /// <summary>Starts the compensation of the most recently completed step still to undo, or finishes.</summary>
    private void ContinueCompensation()
    {
        if (State.Compensations.Count == 0)
        {
            if (State.Tokens.Count == 0 && State.CompensatingTowards is { } towards)
            {
                Finish(towards);
            }
            return;
        }
        var entry = State.Compensations[^1];
        State.Compensations.RemoveAt(State.Compensations.Count - 1);
        State.Tokens.Add(new Token { Id = State.NewId("t"), Step = entry.CompensateStep, Compensating = entry, Item = entry.Item?.DeepClone() });
    }

    private void Complete()
    {
        var outputs = new JsonObject();
        var scope = BuildScope(null);
        foreach (var (name, value) in Definition.Outputs)
        {
            try
            {
                outputs[name] = EvaluateValue(value, scope);
            }
            catch (ExpressionEvaluationException ex)
            {
                State.Error = $"Output '{name}' could not be computed: {ex.Message}";
                Unit.Incidents.Add(new Persistence.Records.IncidentRecord
                {
                    Id = _record.Id + "-" + State.NewId("i"),
                    InstanceId = _record.Id,
                    Step = "outputs." + name,
                    Error = ex.Message,
                    Attempt = 1,
                    CreatedAt = _services.NowMs,
                });
                Finish(InstanceStatus.Faulted);
                return;
            }
        }
        State.Outputs = outputs;
        _record.Outputs = outputs.ToJsonString();
        Finish(InstanceStatus.Completed);
    }

    private void Finish(InstanceStatus status)
    {
        Status = status;
        State.CompensatingTowards = null;
        Journal("instance" + status, null, null, null, 0, status == InstanceStatus.Completed
            ? new JsonObject { ["outputs"] = State.Outputs?.DeepClone() }
            : new JsonObject { ["error"] = State.Error });
        if (State.ParentBookmarkId is { } parentBookmark)
        {
            var payload = new JsonObject
            {
                ["outcome"] = status == InstanceStatus.Completed ? "completed" : "faulted",
                ["data"] = status == InstanceStatus.Completed ? State.Outputs?.DeepClone() : new JsonObject { ["error"] = State.Error ?? status.ToString() },
            };
            Unit.FiredBookmarks.Add(new BookmarkFiring(parentBookmark, _services.NowMs, payload.ToJsonString()));
        }
    }
}
