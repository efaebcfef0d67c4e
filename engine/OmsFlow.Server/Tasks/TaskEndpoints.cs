using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Http;
using OmsFlow.Server.Instances;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Tasks;

/// <summary>
/// Human tasks (approvals): the inbox per role, and completing a task with an outcome. The inbox spans every order, so
/// it is for analysts and ops; an integrator sees the tasks its own instances wait on in their bookmarks
/// (<c>GET /api/instances/{id}</c>).
/// </summary>
internal static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").WithTags("Tasks");
        group.MapGet("/", ListAsync).WithSummary("Open human tasks, optionally for one role.").RequireAccess(AccessPolicies.ReadOperations);
        group.MapPost("/{id}/complete", CompleteAsync).WithSummary("Complete a task with one of its outcomes (e.g. approve, reject) and a comment.").RequireAccess(AccessPolicies.Operate).Audited("task.complete");
        return app;
    }

    private static async Task<IResult> ListAsync(OmsFlowStorage storage, string? role, string? correlationKey, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var query = context.Bookmarks.AsNoTracking().Where(b => b.Kind == "task");
        if (correlationKey is not null)
        {
            query = query.Where(b => b.CorrelationKey == correlationKey);
        }
        var rows = await query.OrderBy(b => b.CreatedAt).Take(1000).ToListAsync(cancellationToken).ConfigureAwait(false);
        var workflows = await context.Instances.AsNoTracking().Where(i => rows.Select(r => r.InstanceId).Contains(i.Id))
            .Select(i => new { i.Id, i.WorkflowId }).ToDictionaryAsync(i => i.Id, i => i.WorkflowId, cancellationToken).ConfigureAwait(false);
        var items = rows
            .Select(b => (Bookmark: b, Payload: InstanceEndpoints.ParseOrNull(b.Payload) as JsonObject ?? []))
            .Where(t => role is null || string.Equals(t.Payload["role"]?.ToString(), role, StringComparison.OrdinalIgnoreCase))
            .Select(t => new
            {
                id = t.Bookmark.Id,
                instanceId = t.Bookmark.InstanceId,
                workflowId = workflows.GetValueOrDefault(t.Bookmark.InstanceId),
                step = t.Bookmark.Step,
                role = t.Payload["role"]?.ToString(),
                title = t.Payload["title"]?.ToString(),
                description = t.Payload["description"]?.ToString(),
                form = t.Payload["form"],
                outcomes = t.Payload["outcomes"],
                data = t.Payload["data"],
                createdAt = InstanceEndpoints.Time(t.Bookmark.CreatedAt),
                dueAt = t.Payload["dueAt"]?.ToString(),
                correlationKey = t.Bookmark.CorrelationKey,
            });
        return TypedResults.Ok(new { items });
    }

    private static async Task<IResult> CompleteAsync(string id, HttpRequest request, OmsFlowStorage storage, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["outcome"] is not JsonValue outcomeValue || !outcomeValue.TryGetValue(out string? outcome) || string.IsNullOrWhiteSpace(outcome))
        {
            return Problems.Unprocessable("Say which outcome completes the task, e.g. {\"outcome\": \"approve\"}.", "outcome");
        }
        await using (var context = storage.CreateContext())
        {
            var task = await context.Bookmarks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id && b.Kind == "task", cancellationToken).ConfigureAwait(false);
            if (task is null)
            {
                return Problems.NotFound($"No open task '{id}' (it may have been completed already).");
            }
            var allowed = (InstanceEndpoints.ParseOrNull(task.Payload)?["outcomes"] as JsonArray)?.Select(o => o?.ToString()).ToList() ?? [];
            if (allowed.Count > 0 && !allowed.Contains(outcome, StringComparer.OrdinalIgnoreCase))
            {
                return Problems.Unprocessable($"Outcome '{outcome}' is not one of this task's outcomes: {string.Join(", ", allowed)}.", "outcome");
            }
        }
        var data = new JsonObject
        {
            ["outcome"] = outcome,
            ["comment"] = body["comment"]?.DeepClone(),
            ["data"] = body["data"]?.DeepClone(),
            ["completedBy"] = body["completedBy"]?.DeepClone(),
        };
        var result = await engine.CompleteTaskAsync(id, outcome, data, cancellationToken).ConfigureAwait(false);
        return result is null
            ? Problems.Conflict($"Task '{id}' was completed by someone else first.")
            : TypedResults.Ok(new { instanceId = result.InstanceId, status = result.Status.ToString() });
    }
}
