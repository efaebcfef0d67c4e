using System.Security.Claims;
using OmsFlow.Server.Http;

namespace OmsFlow.Server.Security;

/// <summary><c>GET /api/me</c>, API key administration (<c>/api/keys</c>) and the audit log (<c>/api/audit</c>).</summary>
internal static class SecurityEndpoints
{
    public static IEndpointRouteBuilder MapSecurityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", (ClaimsPrincipal user) => TypedResults.Ok(new
        {
            id = user.KeyId(),
            name = user.Identity?.Name,
            roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
        })).WithTags("Access").WithSummary("The calling key's name and roles.").RequireAuthorization();

        var keys = app.MapGroup("/api/keys").WithTags("Access").RequireAccess(AccessPolicies.Administer);
        keys.MapGet("/", async (ApiKeyStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct).ConfigureAwait(false)))
            .WithSummary("Every API key (never the key itself).");
        keys.MapPost("/", CreateKeyAsync).WithSummary("Create a key; the response holds the key, shown this once.").Audited("key.create", null);
        keys.MapDelete("/{id}", RevokeKeyAsync).WithSummary("Revoke a key; it stops working at once.").Audited("key.revoke");

        app.MapGet("/api/audit", async (AuditLog log, string? action, string? target, long? before, int? limit, CancellationToken ct)
                => TypedResults.Ok(await log.ListAsync(action, target, before, limit ?? 100, ct).ConfigureAwait(false)))
            .WithTags("Access").WithSummary("Who changed or deployed what, newest first (page with ?before=<id>).")
            .RequireAccess(AccessPolicies.Administer);
        return app;
    }

    private static async Task<IResult> CreateKeyAsync(HttpRequest request, ApiKeyStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["name"] is not System.Text.Json.Nodes.JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            return Problems.BadRequest("Give the key a 'name' (1-200 characters) saying who uses it.", "name");
        }
        IEnumerable<string?> requested;
        try
        {
            requested = body["roles"] is System.Text.Json.Nodes.JsonArray array ? array.Select(r => r?.GetValue<string>()) .ToList() : [];
        }
        catch (InvalidOperationException)
        {
            return Problems.BadRequest("'roles' must be an array of role names.", "roles");
        }
        if (!Roles.TryParse(requested, out var roles, out var error))
        {
            return Problems.BadRequest(error!, "roles");
        }
        var (summary, key) = await store.CreateAsync(name.Trim(), roles, user.Actor(), cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/keys/{summary.Id}", new { summary.Id, summary.Name, summary.Roles, summary.CreatedAt, key });
    }

    private static async Task<IResult> RevokeKeyAsync(string id, ApiKeyStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
        => await store.RevokeAsync(id, user.Actor(), cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : Problems.NotFound($"No active API key has id '{id}'.");
}
