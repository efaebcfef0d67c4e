using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Http;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Instances;

/// <summary>Instances: list, detail, journal, and operator actions (signal, retry, cancel).</summary>
internal static class InstanceEndpoints
{
    private const int MaxPageSize = 500;

    /// <summary>
    /// Matches counted for <c>total</c> at most: counting every match costs a scan that grows with the database, so past
    /// this the list says <c>totalCapped</c> and narrower filters (status, time range, order) find the rest.
    /// </summary>
    internal const int CountCap = 10_000;

    public static IEndpointRouteBuilder MapInstances(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instances").WithTags("Instances");
        group.MapGet("/", ListAsync).WithSummary("List instances, newest first, with filters and paging; total counts up to 10,000 matches (totalCapped beyond).").RequireAccess(AccessPolicies.ReadInstances);
        group.MapGet("/{id}", GetAsync).WithSummary("Status, variables, outputs, current bookmarks and incidents of an instance.").RequireAccess(AccessPolicies.ReadInstances);
        group.MapGet("/{id}/journal", JournalAsync).WithSummary("Every step the instance started, completed, faulted or waited on.").RequireAccess(AccessPolicies.ReadInstances);
        group.MapPost("/{id}/signals/{name}", SignalAsync).WithSummary("Resume the instance where it waits for this signal.").RequireAccess(AccessPolicies.Operate).Audited("instance.signal");
        group.MapPost("/{id}/resume", ResumeAsync).WithSummary("Resume a waiting step with data (one bookmark, or the one named by bookmarkId), optionally choosing its outcome.").RequireAccess(AccessPolicies.Operate).Audited("instance.resume");
        group.MapPost("/{id}/retry", RetryAsync).WithSummary("Run the faulted steps again.").RequireAccess(AccessPolicies.Operate).Audited("instance.retry");
        group.MapPost("/{id}/cancel", CancelAsync).WithSummary("Cancel; completed steps are compensated in reverse order.").RequireAccess(AccessPolicies.Operate).Audited("instance.cancel");
        return app;
    }

    private static async Task<IResult> ListAsync(
        ClaimsPrincipal user, OmsFlowStorage storage, string? status, string? workflowId, string? correlationKey, bool? hasIncident,
        DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (status is not null && !Enum.TryParse<InstanceStatus>(status, ignoreCase: true, out _))
        {
            return Problems.BadRequest($"Unknown status '{status}'; use one of {string.Join(", ", Enum.GetNames<InstanceStatus>())}.", "status");
        }
        var size = Math.Clamp(pageSize ?? 50, 1, MaxPageSize);
        var number = Math.Max(1, page ?? 1);
        await using var context = storage.CreateContext();
        var query = context.Instances.AsNoTracking().VisibleTo(user);
        if (status is not null)
        {
            var normalized = Enum.Parse<InstanceStatus>(status, ignoreCase: true).ToString();
            query = query.Where(i => i.Status == normalized);
        }
        if (workflowId is not null)
        {
            query = query.Where(i => i.WorkflowId == workflowId);
        }
        if (correlationKey is not null)
        {
            query = query.Where(i => i.CorrelationKey == correlationKey);
        }
        if (hasIncident is { } incident)
        {
            query = query.Where(i => i.HasIncident == incident);
        }
        if (from is { } f)
        {
            var ms = f.ToUnixTimeMilliseconds();
            query = query.Where(i => i.CreatedAt >= ms);
        }
        if (to is { } t)
        {
            var ms = t.ToUnixTimeMilliseconds();
            query = query.Where(i => i.CreatedAt < ms);
        }
        var total = await query.Take(CountCap + 1).CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await query.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = rows.Select(Summary), total = Math.Min(total, CountCap), totalCapped = total > CountCap, page = number, pageSize = size });
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, OmsFlowStorage storage, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var record = await context.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken).ConfigureAwait(false);
        if (record is null || !user.CanRead(record))
        {
            return Problems.NotFound($"Instance '{id}' does not exist.");
        }
        var bookmarks = await context.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id).OrderBy(b => b.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        var incidents = await context.Incidents.AsNoTracking().Where(b => b.InstanceId == id).OrderBy(b => b.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        var state = JsonNode.Parse(record.State) as JsonObject ?? [];
        return TypedResults.Ok(new
        {
            id = record.Id,
            workflowId = record.WorkflowId,
            version = record.Version,
            status = record.Status,
            correlationKey = record.CorrelationKey,
            parentInstanceId = record.ParentInstanceId,
            input = ParseOrNull(record.Input),
            variables = state["variables"],
            steps = state["steps"],
            pins = state["pins"],
            outputs = ParseOrNull(record.Outputs),
            error = state["error"]?.GetValue<string>(),
            createdAt = Time(record.CreatedAt),
            updatedAt = Time(record.UpdatedAt),
            activeSteps = ActiveSteps(state),
            bookmarks = bookmarks.Select(Bookmark),
            incidents = incidents.Select(i => new { id = i.Id, step = i.Step, error = i.Error, attempt = i.Attempt, createdAt = Time(i.CreatedAt), resolvedAt = i.ResolvedAt is { } r ? Time(r) : (DateTimeOffset?)null }),
        });
    }

    private static async Task<IResult> JournalAsync(string id, ClaimsPrincipal user, OmsFlowStorage storage, long? after, int? limit, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        if (!await context.Instances.VisibleTo(user).AnyAsync(i => i.Id == id, cancellationToken).ConfigureAwait(false))
        {
            return Problems.NotFound($"Instance '{id}' does not exist.");
        }
        var from = after ?? 0;
        var rows = await context.Journal.AsNoTracking().Where(j => j.InstanceId == id && j.Seq > from).OrderBy(j => j.Seq)
            .Take(Math.Clamp(limit ?? 1000, 1, 5000)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = rows.Select(Journal) });
    }

    private static async Task<IResult> SignalAsync(string id, string name, HttpRequest request, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        var resumed = await engine.SignalAsync(name, null, id, body, cancellationToken).ConfigureAwait(false);
        return resumed.Count == 0
            ? Problems.Conflict($"Instance '{id}' does not wait for signal '{name}'.")
            : TypedResults.Ok(new { instanceId = id, status = resumed[0].Status.ToString() });
    }

    private static async Task<IResult> ResumeAsync(string id, HttpRequest request, OmsFlowStorage storage, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        var bookmarkId = body!["bookmarkId"]?.ToString();
        List<BookmarkRecord> waiting;
        await using (var context = storage.CreateContext())
        {
            if (!await context.Instances.AnyAsync(i => i.Id == id, cancellationToken).ConfigureAwait(false))
            {
                return Problems.NotFound($"Instance '{id}' does not exist.");
            }
            waiting = await context.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id && (bookmarkId == null || b.Id == bookmarkId))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        if (waiting.Count != 1)
        {
            return waiting.Count == 0
                ? Problems.Conflict(bookmarkId is null ? $"Instance '{id}' is not waiting on anything." : $"Instance '{id}' does not wait on bookmark '{bookmarkId}'.")
                : Problems.Unprocessable($"Instance '{id}' waits on {waiting.Count} bookmarks; say which with 'bookmarkId' ({string.Join(", ", waiting.Select(b => b.Id))}).", "bookmarkId");
        }
        var outcome = await engine.ResumeAsync(waiting[0], body["outcome"]?.ToString(), body["data"]?.DeepClone(), cancellationToken).ConfigureAwait(false);
        return outcome is null
            ? Problems.Conflict($"Bookmark '{waiting[0].Id}' was resumed by someone else first.")
            : TypedResults.Ok(new { instanceId = outcome.InstanceId, status = outcome.Status.ToString() });
    }

    private static Task<IResult> RetryAsync(string id, WorkflowEngine engine, CancellationToken cancellationToken)
        => ActAsync(() => engine.RetryAsync(id, cancellationToken));

    private static async Task<IResult> CancelAsync(string id, HttpRequest request, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        var reason = body?["reason"]?.ToString();
        return await ActAsync(() => engine.CancelAsync(id, reason, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<IResult> ActAsync(Func<Task<InstanceOutcome>> action)
    {
        try
        {
            var outcome = await action().ConfigureAwait(false);
            return TypedResults.Ok(new { instanceId = outcome.InstanceId, status = outcome.Status.ToString(), error = outcome.Error });
        }
        catch (InstanceNotFoundException ex)
        {
            return Problems.NotFound(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return Problems.Conflict(ex.Message);
        }
    }

    internal static object Summary(InstanceRecord i) => new
    {
        id = i.Id,
        workflowId = i.WorkflowId,
        version = i.Version,
        status = i.Status,
        correlationKey = i.CorrelationKey,
        hasIncident = i.HasIncident,
        createdAt = Time(i.CreatedAt),
        updatedAt = Time(i.UpdatedAt),
        activeSteps = ActiveSteps(JsonNode.Parse(i.State) as JsonObject ?? []),
    };

    internal static object Bookmark(BookmarkRecord b) => new
    {
        id = b.Id,
        instanceId = b.InstanceId,
        kind = b.Kind,
        name = b.Name,
        step = b.Step,
        correlationKey = b.CorrelationKey,
        dueAt = b.DueAt is { } due ? Time(due) : (DateTimeOffset?)null,
        payload = ParseOrNull(b.Payload),
    };

    internal static object Journal(JournalRecord j)
    {
        var data = ParseOrNull(j.Data) as JsonObject;
        return new
        {
            seq = j.Seq,
            timestamp = Time(j.Timestamp),
            kind = j.Kind,
            step = j.Step,
            activity = j.Activity,
            outcome = j.Outcome,
            attempt = j.Attempt,
            input = data?["input"],
            output = data?["output"],
            error = data?["error"]?.ToString(),
            data,
        };
    }

    private static string[] ActiveSteps(JsonObject state)
        => state["tokens"] is JsonArray tokens
            ? [.. tokens.OfType<JsonObject>().Select(t => t["step"]?.ToString() ?? string.Empty).Distinct()]
            : [];

    internal static JsonNode? ParseOrNull(string? json) => string.IsNullOrEmpty(json) ? null : JsonNode.Parse(json);

    internal static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
