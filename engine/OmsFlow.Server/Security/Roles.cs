using System.Security.Claims;

namespace OmsFlow.Server.Security;

/// <summary>The roles an API key can hold.</summary>
public static class Roles
{
    /// <summary>Reads definitions, edits, validates and test-runs drafts, reads instances, orders and operational data.</summary>
    public const string Analyst = "analyst";

    /// <summary>
    /// Publishes, retries, cancels and signals instances, completes tasks, replays the outbox, reads metrics, instances,
    /// orders and operational data.
    /// </summary>
    public const string Ops = "ops";

    /// <summary>
    /// Calls hooks and publishes events, and reads only what it started: its instances (and their children), the orders
    /// they took in and the documents they issued (see <see cref="InstanceVisibility"/>).
    /// </summary>
    public const string Integrator = "integrator";

    /// <summary>Everything, plus API keys, hook security, webhook subscriptions and the audit log.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, in the order they are listed to users.</summary>
    public static IReadOnlyList<string> All { get; } = [Analyst, Ops, Integrator, Admin];

    /// <summary>Parses a role list, rejecting unknown names with a message that lists the valid ones.</summary>
    public static bool TryParse(IEnumerable<string?>? names, out IReadOnlyList<string> roles, out string? error)
    {
        var parsed = new List<string>();
        foreach (var name in names ?? [])
        {
            var role = name?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(role) || !All.Contains(role))
            {
                roles = [];
                error = $"Unknown role '{name}'. Roles are: {string.Join(", ", All)}.";
                return false;
            }
            if (!parsed.Contains(role))
            {
                parsed.Add(role);
            }
        }
        if (parsed.Count == 0)
        {
            roles = [];
            error = $"Give at least one role: {string.Join(", ", All)}.";
            return false;
        }
        roles = parsed;
        error = null;
        return true;
    }
}

/// <summary>
/// What each endpoint requires. Admin is in every policy; the table is what the endpoint x role tests check.
/// </summary>
public static class AccessPolicies
{
    /// <summary>List and read definitions and activity descriptors: analyst, ops.</summary>
    public const string ReadDefinitions = "read-definitions";

    /// <summary>Save, discard, import, validate and test-run drafts: analyst.</summary>
    public const string EditDrafts = "edit-drafts";

    /// <summary>Publish a workflow version: ops.</summary>
    public const string Publish = "publish";

    /// <summary>
    /// List and read instances, their journal, the orders they took in and the documents they issued: analyst, ops,
    /// and integrator limited to what it started (the endpoints apply <see cref="InstanceVisibility"/> and answer 404
    /// for the rest).
    /// </summary>
    public const string ReadInstances = "read-instances";

    /// <summary>
    /// Read what operations share across every order: alerts, purchase requests, the catalogue (nodes, products,
    /// customers, sample orders), inventory and the human-task inbox: analyst, ops. Not integrator, which reads only
    /// what it started.
    /// </summary>
    public const string ReadOperations = "read-operations";

    /// <summary>Retry, cancel and signal instances, complete tasks, read and replay the outbox, read metrics: ops.</summary>
    public const string Operate = "operate";

    /// <summary>Call hooks that are not public and publish events (<c>/api/events/{name}</c>): integrator.</summary>
    public const string CallHooks = "call-hooks";

    /// <summary>API keys, hook security, webhook subscriptions, audit log: admin only.</summary>
    public const string Administer = "administer";

    /// <summary>Policy name to the roles it admits.</summary>
    public static IReadOnlyDictionary<string, string[]> Table { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [ReadDefinitions] = [Roles.Analyst, Roles.Ops, Roles.Admin],
        [EditDrafts] = [Roles.Analyst, Roles.Admin],
        [Publish] = [Roles.Ops, Roles.Admin],
        [ReadInstances] = [Roles.Analyst, Roles.Ops, Roles.Integrator, Roles.Admin],
        [ReadOperations] = [Roles.Analyst, Roles.Ops, Roles.Admin],
        [Operate] = [Roles.Ops, Roles.Admin],
        [CallHooks] = [Roles.Integrator, Roles.Admin],
        [Administer] = [Roles.Admin],
    };

    /// <summary>True if <paramref name="user"/> holds a role <paramref name="policy"/> admits.</summary>
    public static bool Allows(string policy, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Table[policy].Any(user.IsInRole);
    }
}
