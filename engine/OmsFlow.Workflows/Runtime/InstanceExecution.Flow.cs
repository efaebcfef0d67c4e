using System.Text.Json.Nodes;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Definitions;

namespace OmsFlow.Workflows.Runtime;

/// <summary>
/// Control flow between steps: transitions, forks and joins, for-each scopes, child workflows, compensation.
/// </summary>
/// <remarks>
/// A join waits only for branches of its fork that are still alive: a branch that ended elsewhere (or was never
/// started because a decision skipped it) is not waited for. That is the rule Elsa users most often ask for.
/// </remarks>
internal sealed partial class InstanceExecution
{
    private void Advance(Token token, StepDefinition step, string outcome)
    {
        var target = step.TargetFor(outcome);
        if (target is null)
        {
            EndToken(token);
            return;
        }
        token.Step = target;
        token.Status = TokenStatus.Ready;
        token.Attempt = 1;
        token.Inputs = null;
        token.Visit = State.Enter(target);
    }

    private void Fork(Token token, StepDefinition step, IReadOnlyList<string> outcomes)
    {
        var scope = new Scope { Id = State.NewId("s"), Kind = ScopeKind.Fork, ParentScopeId = token.ScopeId, Step = step.Name, OuterItem = token.Item?.DeepClone(), OuterIndex = token.Index };
        var branches = new List<Token>();
        foreach (var outcome in outcomes)
        {
            if (step.TargetFor(outcome) is { } target)
            {
                branches.Add(new Token
                {
                    Id = State.NewId("t"),
                    Step = target,
                    Visit = State.Enter(target),
                    ScopeId = scope.Id,
                    Item = token.Item?.DeepClone(),
                    Index = token.Index,
                    LastOutput = token.LastOutput?.DeepClone(),
                });
            }
        }
        if (branches.Count == 0)
        {
            EndToken(token);
            return;
        }
        State.Tokens.Remove(token);
        State.Scopes.Add(scope);
        State.Tokens.AddRange(branches);
    }

    private void Join(Token token, StepDefinition step, JsonObject inputs, bool waitAll)
    {
        var scope = token.ScopeId is null ? null : State.Scopes.Find(s => s.Id == token.ScopeId);
        if (scope is null || scope.Kind != ScopeKind.Fork)
        {
            Journal("completed", step, token, ActivityResult.DefaultOutcome, token.Attempt, new JsonObject { ["input"] = inputs.DeepClone() });
            Advance(token, step, ActivityResult.DefaultOutcome);
            return;
        }
        token.Status = TokenStatus.AtJoin;
        token.Inputs = inputs;
        if (!waitAll)
        {
            foreach (var other in TokensIn(scope).Where(t => t != token).ToList())
            {
                Unit.RemoveBookmarks(other.Bookmarks);
                State.Tokens.Remove(other);
            }
            MergeJoin(scope, token, step);
            return;
        }
        TryCompleteJoin(scope);
    }

    /// <summary>Fires the scope's join when every live token of the fork has arrived at the same join step.</summary>
    private void TryCompleteJoin(Scope scope)
    {
        var live = TokensIn(scope).ToList();
        if (live.Count == 0 || !live.TrueForAll(t => t.Status == TokenStatus.AtJoin && t.ScopeId == scope.Id && t.Step == live[0].Step))
        {
            return;
        }
        var survivor = live[0];
        foreach (var other in live.Skip(1))
        {
            State.Tokens.Remove(other);
        }
        MergeJoin(scope, survivor, Definition.FindStep(survivor.Step)!);
    }

    private void MergeJoin(Scope scope, Token survivor, StepDefinition joinStep)
    {
        RemoveScopeTree(scope);
        survivor.ScopeId = scope.ParentScopeId;
        survivor.Status = TokenStatus.Ready;
        Journal("completed", joinStep, survivor, ActivityResult.DefaultOutcome, survivor.Attempt, new JsonObject { ["joined"] = scope.Step });
        State.Steps[joinStep.Name] = new JsonObject { ["outcome"] = ActivityResult.DefaultOutcome };
        Advance(survivor, joinStep, ActivityResult.DefaultOutcome);
    }

    private void Iterate(Token token, StepDefinition step, ActivityDescriptor descriptor, JsonObject inputs, JsonArray items, bool parallel)
    {
        if (step.Body is null || Definition.FindStep(step.Body) is null)
        {
            Fault(token, step, $"ForEach step '{step.Name}' needs a 'body' naming the first step of the loop body.", permanent: true);
            return;
        }
        if (items.Count == 0)
        {
            CompleteStep(token, step, descriptor, inputs, [ActivityResult.DefaultOutcome], new JsonArray());
            return;
        }
        var scope = new Scope
        {
            Id = State.NewId("s"),
            Kind = ScopeKind.ForEach,
            ParentScopeId = token.ScopeId,
            Step = step.Name,
            OwnerTokenId = token.Id,
            Items = (JsonArray)items.DeepClone(),
            Parallel = parallel,
            Remaining = items.Count,
            Results = new JsonArray([.. Enumerable.Repeat<JsonNode?>(null, items.Count)]),
            OuterItem = token.Item?.DeepClone(),
            OuterIndex = token.Index,
        };
        State.Scopes.Add(scope);
        token.Status = TokenStatus.Iterating;
        token.Inputs = inputs;
        Journal("iterating", step, token, null, token.Attempt, new JsonObject { ["items"] = items.Count, ["parallel"] = parallel });
        var starting = parallel ? items.Count : 1;
        for (var i = 0; i < starting; i++)
        {
            StartItem(scope, step.Body, i);
        }
        scope.NextIndex = starting;
    }

    private void StartItem(Scope scope, string bodyStep, int index)
    {
        State.Tokens.Add(new Token { Id = State.NewId("t"), Step = bodyStep, ScopeId = scope.Id, Item = scope.Items![index]?.DeepClone(), Index = index });
    }

    private void CallWorkflow(Token token, StepDefinition step, JsonObject inputs, string workflowId, JsonObject childInput)
    {
        token.Inputs = inputs;
        var childId = NewInstanceId();
        var bookmarkId = _record.Id + "-" + State.NewId("b");
        PendingChildren.Add(new ChildStart(childId, workflowId, childInput, bookmarkId));
        token.Status = TokenStatus.Waiting;
        token.Bookmarks.Add(bookmarkId);
        Unit.AddedBookmarks.Add(new Persistence.Records.BookmarkRecord
        {
            Id = bookmarkId,
            InstanceId = _record.Id,
            TokenId = token.Id,
            Step = step.Name,
            Kind = "child",
            Name = workflowId,
            CorrelationKey = childId,
            CreatedAt = _services.NowMs,
        });
        Journal("suspended", step, token, null, token.Attempt, new JsonObject { ["child"] = childId, ["workflow"] = workflowId });
    }

    /// <summary>Children a step asked to start; the engine creates them in the same commit.</summary>
    public List<ChildStart> PendingChildren { get; } = [];

    /// <summary>A token reached a step with no transition for its outcome: its path ends here.</summary>
    private void EndToken(Token token)
    {
        State.Tokens.Remove(token);
        if (token.Compensating is not null)
        {
            ContinueCompensation();
            return;
        }
        BranchEnded(token.ScopeId, token);
    }

    private void BranchEnded(string? scopeId, Token last)
    {
        var scope = scopeId is null ? null : State.Scopes.Find(s => s.Id == scopeId);
        if (scope is null)
        {
            return;
        }
        if (scope.Kind == ScopeKind.Fork)
        {
            if (!TokensIn(scope).Any())
            {
                State.Scopes.Remove(scope);
                BranchEnded(scope.ParentScopeId, last);
            }
            else
            {
                TryCompleteJoin(scope);
            }
            return;
        }
        if (last.Index is { } index && index < scope.Results!.Count)
        {
            scope.Results[index] = last.LastOutput?.DeepClone();
        }
        scope.Remaining--;
        var step = Definition.FindStep(scope.Step)!;
        if (!scope.Parallel && scope.NextIndex < scope.Items!.Count)
        {
            StartItem(scope, step.Body!, scope.NextIndex++);
            return;
        }
        if (scope.Remaining > 0)
        {
            return;
        }
        State.Scopes.Remove(scope);
        var owner = State.Tokens.Find(t => t.Id == scope.OwnerTokenId);
        if (owner is null)
        {
            return;
        }
        owner.Status = TokenStatus.Ready;
        _services.Activities.TryGet(step.Activity, out var descriptor);
        CompleteStep(owner, step, descriptor!, owner.Inputs ?? [], [ActivityResult.DefaultOutcome], scope.Results!.DeepClone());
    }

    /// <summary>Live tokens of a scope and of the scopes nested in it.</summary>
    private IEnumerable<Token> TokensIn(Scope scope)
    {
        var ids = new HashSet<string> { scope.Id };
        bool grew;
        do
        {
            grew = false;
            foreach (var s in State.Scopes)
            {
                if (s.ParentScopeId is { } parent && ids.Contains(parent) && ids.Add(s.Id))
                {
                    grew = true;
                }
            }
        }
        while (grew);
        return State.Tokens.Where(t => t.ScopeId is { } id && ids.Contains(id));
    }

    private void RemoveScopeTree(Scope scope)
    {
        var nested = State.Scopes.Where(s => s.ParentScopeId == scope.Id).ToList();
        foreach (var child in nested)
        {
            RemoveScopeTree(child);
        }
        State.Scopes.Remove(scope);
    }

    private static string NewInstanceId() => Guid.CreateVersion7().ToString("N");
}

/// <summary>A child instance to create with the parent's commit.</summary>
internal sealed record ChildStart(string Id, string WorkflowId, JsonObject Input, string ParentBookmarkId);
