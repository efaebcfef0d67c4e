using System.Security.Claims;
using System.Text.Json.Nodes;
using OmsFlow.Server.Http;
using OmsFlow.Server.Security;

namespace OmsFlow.Server.Hooks;

/// <summary>
/// Admin API for hook security: <c>GET /api/hooks/security</c>, <c>PUT /api/hooks/security/{path}</c> (public or not),
/// <c>POST /api/hooks/secrets</c> (add a signing secret; at most two active for rotation) and
/// <c>DELETE /api/hooks/secrets/{id}</c>.
/// </summary>
internal static class HookSecurityEndpoints
{
    public static IEndpointRouteBuilder MapHookSecurityApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/hooks").WithTags("Hooks").RequireAccess(AccessPolicies.Administer);
        group.MapGet("/security", async (HookSecurity security, CancellationToken ct) => TypedResults.Ok(await security.ListAsync(ct).ConfigureAwait(false)))
            .WithSummary("Hooks with settings: whether public, and the ids of their active signing secrets.");
        group.MapPut("/security/{**path}", SetPublicAsync).WithSummary("Make a hook public (no API key) or not: {\"public\": true}.")
            .Audited("hook.security", "path");
        group.MapPost("/secrets", AddSecretAsync).WithSummary("Add a signing secret to a hook ({\"path\": \"orders/created\"}); shown once.")
            .Audited("hook.secret.add", null);
        group.MapDelete("/secrets/{id}", RevokeSecretAsync).WithSummary("Revoke a signing secret (after senders switched to the new one).")
            .Audited("hook.secret.revoke");
        return app;
    }

    private static async Task<IResult> SetPublicAsync(string path, HttpRequest request, HookSecurity security, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["public"] is not JsonValue value || !value.TryGetValue<bool>(out var isPublic))
        {
            return Problems.BadRequest("Send {\"public\": true} or {\"public\": false}.", "public");
        }
        if (string.IsNullOrWhiteSpace(HookSecurity.Normalize(path)))
        {
            return Problems.BadRequest("Name the hook path, e.g. PUT /api/hooks/security/orders/created.", "path");
        }
        await security.SetPublicAsync(path, isPublic, user.Actor(), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { path = HookSecurity.Normalize(path), @public = isPublic });
    }

    private static async Task<IResult> AddSecretAsync(HttpRequest request, HookSecurity security, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["path"] is not JsonValue value || !value.TryGetValue<string>(out var path) || string.IsNullOrWhiteSpace(HookSecurity.Normalize(path)))
        {
            return Problems.BadRequest("Send the hook path: {\"path\": \"orders/created\"}.", "path");
        }
        var added = await security.AddSecretAsync(path, cancellationToken).ConfigureAwait(false);
        if (added is not { } secret)
        {
            return Problems.Conflict($"Hook '{HookSecurity.Normalize(path)}' already has {HookSecurity.MaxActiveSecrets} active secrets; revoke the old one (DELETE /api/hooks/secrets/{{id}}) first.");
        }
        return TypedResults.Created($"/api/hooks/security", new { id = secret.Id, path = HookSecurity.Normalize(path), secret = secret.Secret });
    }

    private static async Task<IResult> RevokeSecretAsync(string id, HookSecurity security, CancellationToken cancellationToken)
        => await security.RevokeSecretAsync(id, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : Problems.NotFound($"No active hook secret has id '{id}'.");
}
