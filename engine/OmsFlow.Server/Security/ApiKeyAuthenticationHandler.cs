using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace OmsFlow.Server.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>, and answers 401/403 as
/// ProblemDetails that say what to send.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Claim type holding the key's public id.</summary>
    public const string KeyIdClaim = "omsflow:key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }
        var identity = await keys.FindAsync(key, Context.RequestAborted).ConfigureAwait(false);
        if (identity is null)
        {
            return AuthenticateResult.Fail("The API key is not valid or was revoked.");
        }
        var claims = new List<Claim> { new(ClaimTypes.Name, identity.Name), new(KeyIdClaim, identity.Id) };
        claims.AddRange(identity.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = ReadKey(Request) is null
            ? "Send an API key: Authorization: Bearer <key> (or X-Api-Key: <key>)."
            : "The API key is not valid or was revoked; ask an admin for a new one.";
        return WriteProblemAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var roles = Context.User.FindAll(ClaimTypes.Role).Select(c => c.Value);
        var policy = Context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()?.Policy;
        var needed = policy is not null && AccessPolicies.Table.TryGetValue(policy, out var admitted) ? $" It needs one of: {string.Join(", ", admitted)}." : string.Empty;
        // An integrator reaching for data that spans every order is told where its own orders are, not just refused.
        var instead = policy == AccessPolicies.ReadOperations && Context.User.IsInRole(Roles.Integrator)
            ? " An integrator key reads what it started: GET /api/orders, /api/instances and /api/documents." : string.Empty;
        return WriteProblemAsync(Context, StatusCodes.Status403Forbidden, "Forbidden",
            $"The API key '{Context.User.Identity?.Name}' has roles [{string.Join(", ", roles)}], which do not allow this request.{needed}{instead}");
    }

    /// <summary>The key from the request headers, or null if none was sent.</summary>
    public static string? ReadKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            return token.Length > 0 ? token : null;
        }
        var header = request.Headers["X-Api-Key"].ToString().Trim();
        return header.Length > 0 ? header : null;
    }

    /// <summary>Writes an RFC 9457 problem response.</summary>
    public static Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" };
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}

/// <summary>Reads the caller from a request's principal.</summary>
public static class CallerExtensions
{
    /// <summary>The calling key's id, or null when unauthenticated.</summary>
    public static string? KeyId(this ClaimsPrincipal user) => user?.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value;

    /// <summary>"name (id)" for audit entries; "anonymous" when unauthenticated.</summary>
    public static string Actor(this ClaimsPrincipal user)
        => user?.KeyId() is { } id ? $"{user.Identity?.Name} ({id})" : "anonymous";
}
