using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Server.Security;

/// <summary>
/// Which instances (and the orders and documents that belong to them) a caller may read: a key whose only reading role
/// is <see cref="Roles.Integrator"/> sees the instances it started (and their children); analyst, ops and admin keys see
/// all.
/// </summary>
/// <remarks>
/// Endpoints answer 404 for an instance the caller may not see, exactly as for one that does not exist, so an integrator
/// cannot learn which ids (order numbers) other integrators sent. Endpoints that span every order (alerts, inventory,
/// the task inbox, ...) are not filtered here: they require <see cref="AccessPolicies.ReadOperations"/>, which no
/// integrator-only key holds.
/// </remarks>
public static class InstanceVisibility
{
    /// <summary>
    /// The key id whose instances <paramref name="user"/> is limited to, or null when it may read every instance.
    /// </summary>
    public static string? OwnerScope(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsInRole(Roles.Integrator) || user.IsInRole(Roles.Analyst) || user.IsInRole(Roles.Ops) || user.IsInRole(Roles.Admin))
        {
            return null;
        }
        // An integrator principal always carries its key id; an empty scope matches no instance rather than all.
        return user.KeyId() ?? string.Empty;
    }

    /// <summary>Limits <paramref name="instances"/> to those <paramref name="user"/> may read.</summary>
    public static IQueryable<InstanceRecord> VisibleTo(this IQueryable<InstanceRecord> instances, ClaimsPrincipal user)
        => user.OwnerScope() is { } owner ? instances.Where(i => i.StartedBy == owner) : instances;

    /// <summary>
    /// Limits <paramref name="orders"/> to those taken in by an instance <paramref name="user"/> may read (an order no
    /// instance took in is left out for callers limited to their own instances).
    /// </summary>
    public static IQueryable<OrderRecord> VisibleTo(this IQueryable<OrderRecord> orders, OmsFlowDbContext context, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (user.OwnerScope() is null)
        {
            return orders;
        }
        var visible = context.Instances.VisibleTo(user);
        return orders.Where(o => visible.Any(i => i.Id == o.InstanceId));
    }

    /// <summary>True when <paramref name="record"/> exists and <paramref name="user"/> may read it.</summary>
    public static bool CanRead(this ClaimsPrincipal user, InstanceRecord? record)
        => record is not null && (user.OwnerScope() is not { } owner || record.StartedBy == owner);

    /// <summary>
    /// True when <paramref name="user"/> may read the instance <paramref name="instanceId"/> (which must exist); a null id
    /// (an order no instance took in) is readable only by callers not limited to their own instances.
    /// </summary>
    public static async Task<bool> CanReadInstanceAsync(this OmsFlowDbContext context, ClaimsPrincipal user, string? instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (user.OwnerScope() is not { } owner)
        {
            return true;
        }
        return instanceId is not null
            && await context.Instances.AnyAsync(i => i.Id == instanceId && i.StartedBy == owner, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="CanReadInstanceAsync(OmsFlowDbContext, ClaimsPrincipal, string?, CancellationToken)"/> with a context of
    /// its own, opened only for callers limited to their own instances.
    /// </summary>
    public static async Task<bool> CanReadInstanceAsync(this OmsFlowStorage storage, ClaimsPrincipal user, string? instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (user.OwnerScope() is null)
        {
            return true;
        }
        await using var context = storage.CreateContext();
        return await context.CanReadInstanceAsync(user, instanceId, cancellationToken).ConfigureAwait(false);
    }
}
