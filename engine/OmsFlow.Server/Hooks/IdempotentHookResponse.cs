using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using OmsFlow.Persistence.Records;
using OmsFlow.Server.Http;
using OmsFlow.Server.Security;

namespace OmsFlow.Server.Hooks;

/// <summary>Records a hook's response for its Idempotency-Key and plays it back to retries.</summary>
internal static class IdempotentHookResponse
{
    public const string Header = "Idempotency-Key";

    /// <summary>Set on replayed responses, so a client can tell a retry was answered from the store.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const int MaxKeyLength = 255;

    public static ProblemHttpResult? ValidateKey(string key)
    {
        if (key.Length > MaxKeyLength || key.Any(c => c < 0x21 || c > 0x7e))
        {
            return Problems.BadRequest($"Idempotency-Key must be 1-{MaxKeyLength} visible ASCII characters, e.g. a UUID.", Header);
        }
        return null;
    }

    /// <summary>Runs <paramref name="result"/> into a buffer, stores it for the key (unless it is a 5xx), then sends it.</summary>
    public static async Task<IResult> CaptureAsync(HttpContext http, IResult result, IdempotencyStore store, string scope, string key)
    {
        var response = http.Response;
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await result.ExecuteAsync(http).ConfigureAwait(false);
        }
        finally
        {
            response.Body = original;
        }
        var bytes = buffer.ToArray();
        // The work is done: record the answer even if the caller hung up meanwhile, so its retry gets it.
        if (response.StatusCode >= 500)
        {
            await store.AbandonAsync(scope, key, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await store.CompleteAsync(scope, key, response.StatusCode, response.ContentType, response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                Encoding.UTF8.GetString(bytes), CancellationToken.None).ConfigureAwait(false);
        }
        return new RawResult(bytes);
    }

    /// <summary>The stored response, marked as replayed.</summary>
    public static IResult Replay(IdempotencyRecord stored) => new ReplayResult(stored);

    private sealed class RawResult(byte[] body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => httpContext.Response.Body.WriteAsync(body).AsTask();
    }

    private sealed class ReplayResult(IdempotencyRecord stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = stored.ResponseStatus;
            response.Headers[ReplayedHeader] = "true";
            if (stored.ResponseContentType is { } contentType)
            {
                response.ContentType = contentType;
            }
            if (stored.ResponseLocation is { } location)
            {
                response.Headers.Location = location;
            }
            await response.WriteAsync(stored.ResponseBody ?? string.Empty, Encoding.UTF8).ConfigureAwait(false);
        }
    }
}

/// <summary>Who may call a hook that is not public: a valid key with the integrator or admin role.</summary>
internal static class HookAccess
{
    public static IResult? Check(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            var sent = ApiKeyAuthenticationHandler.ReadKey(http.Request) is not null;
            return Problems.Of(StatusCodes.Status401Unauthorized, "Unauthorized", sent
                ? "The API key is not valid or was revoked; ask an admin for a new one."
                : "This hook is not public: send an integrator API key as Authorization: Bearer <key> (or X-Api-Key).");
        }
        if (!AccessPolicies.Allows(AccessPolicies.CallHooks, http.User))
        {
            return Problems.Of(StatusCodes.Status403Forbidden, "Forbidden",
                $"The API key '{http.User.Identity.Name}' may not call hooks; that needs one of: {string.Join(", ", AccessPolicies.Table[AccessPolicies.CallHooks])}.");
        }
        return null;
    }
}
