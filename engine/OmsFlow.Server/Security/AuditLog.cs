using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Server.Security;

/// <summary>An audit entry as returned by <c>GET /api/audit</c>.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string? Target, int Status, string? Detail);

/// <summary>Records who changed or deployed what; read by admins through <c>GET /api/audit</c>.</summary>
public sealed class AuditLog(OmsFlowStorage storage, TimeProvider clock)
{
    /// <summary>Appends one entry.</summary>
    public async Task RecordAsync(string actor, string action, string? target, int status, string? detail, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        context.Audit.Add(new AuditRecord
        {
            At = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            Actor = actor,
            Action = action,
            Target = target,
            Status = status,
            Detail = detail,
        });
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Entries newest first, optionally for one action or target, before an id (paging).</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? action, string? target, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var query = context.Audit.AsNoTracking();
        if (!string.IsNullOrEmpty(action))
        {
            query = query.Where(a => a.Action == action);
        }
        if (!string.IsNullOrEmpty(target))
        {
            query = query.Where(a => a.Target == target);
        }
        if (before is { } id)
        {
            query = query.Where(a => a.Id < id);
        }
        var records = await query.OrderByDescending(a => a.Id).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. records.Select(r => new AuditEntry(r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Actor, r.Action, r.Target, r.Status, r.Detail))];
    }
}

/// <summary>
/// Endpoint filter that writes an audit entry when a changing request succeeds, so endpoints declare
/// <c>.Audited("workflow.publish")</c> instead of each writing its own entry.
/// </summary>
internal sealed class AuditFilter(string action, string? targetRouteValue) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context).ConfigureAwait(false);
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : context.HttpContext.Response.StatusCode;
        if (status < 400)
        {
            var http = context.HttpContext;
            var target = targetRouteValue is not null ? http.Request.RouteValues[targetRouteValue]?.ToString() : null;
            var log = http.RequestServices.GetRequiredService<AuditLog>();
            // The change is already committed: the entry must be written even if the caller disconnects now.
            await log.RecordAsync(http.User.Actor(), action, target, status, $"{http.Request.Method} {http.Request.Path}", CancellationToken.None).ConfigureAwait(false);
        }
        return result;
    }
}

/// <summary>Declares access rules and auditing on endpoints.</summary>
public static class AccessEndpointExtensions
{
    /// <summary>Requires one of the roles <paramref name="policy"/> admits (see <see cref="AccessPolicies"/>).</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder
        => builder.RequireAuthorization(policy);

    /// <summary>Audits successful calls as <paramref name="action"/>, with the route value <paramref name="targetRouteValue"/> as target.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action, string? targetRouteValue = "id")
        where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(new AuditFilter(action, targetRouteValue));
}
