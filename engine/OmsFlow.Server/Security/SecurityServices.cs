using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace OmsFlow.Server.Security;

/// <summary>Rate limit per API key (configuration section <c>RateLimit</c>); unauthenticated callers are limited per IP address.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sustained requests per second per key.</summary>
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>Requests a key may send in a burst above the sustained rate.</summary>
    public int Burst { get; set; } = 200;
}

/// <summary>Wires API-key authentication, role policies, the audit log and the per-key rate limit.</summary>
internal static partial class SecurityServices
{
    public static IServiceCollection AddOmsFlowSecurity(this IServiceCollection services, IConfiguration configuration, string? databaseFolder)
    {
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton(SecretProtector.FromConfiguration(configuration, databaseFolder));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(options =>
        {
            foreach (var (policy, roles) in AccessPolicies.Table)
            {
                options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            }
            // Secure by default: an endpoint that declares nothing still needs a valid key.
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        var limits = configuration.GetSection("RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Request.Path.StartsWithSegments("/health"))
                {
                    return RateLimitPartition.GetNoLimiter("health");
                }
                var caller = context.User.KeyId() ?? "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, limits.Burst),
                    TokensPerPeriod = Math.Max(1, limits.PermitsPerSecond),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await ApiKeyAuthenticationHandler.WriteProblemAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This key may send {limits.PermitsPerSecond} requests per second (bursts up to {limits.Burst}); retry after {retryAfter} s.").ConfigureAwait(false);
            };
        });
        return services;
    }

    /// <summary>Registers the bootstrap admin key, or creates one and prints it once when no key exists.</summary>
    public static async Task BootstrapKeysAsync(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<ApiKeyStore>();
        var created = await store.BootstrapAsync(app.Configuration["Auth:BootstrapAdminKey"], CancellationToken.None).ConfigureAwait(false);
        if (created is not null)
        {
            // Printed to the console, not logged: log sinks are often shipped elsewhere and kept, the console of a first start is not.
            Console.WriteLine();
            Console.WriteLine("OmsFlow created an admin API key. It is shown only now; store it safely:");
            Console.WriteLine($"  {created}");
            Console.WriteLine("Send it as 'Authorization: Bearer <key>'. Create further keys with POST /api/keys.");
            Console.WriteLine();
        }
    }
}
