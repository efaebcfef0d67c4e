using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Hosting;
using OmsFlow.Server.Http;

namespace OmsFlow.Server.Health;

/// <summary>Liveness and readiness for load balancers and the test harness.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", () => TypedResults.Ok(new { status = "live" })).WithSummary("The process answers.");
        group.MapGet("/ready", ReadyAsync).WithSummary("The database is reachable and migrated, and the engine is running.");
        return app;
    }

    private static async Task<IResult> ReadyAsync(OmsFlowStorage storage, EngineHost host, CancellationToken cancellationToken)
    {
        if (!host.IsRunning)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "Starting", "The engine is still starting (deploying definitions, recovering instances).");
        }
        try
        {
            await using var context = storage.CreateContext();
            var pending = await context.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false);
            if (pending.Any())
            {
                return Problems.Of(StatusCodes.Status503ServiceUnavailable, "Migrations pending", $"Migrations not applied: {string.Join(", ", pending)}.");
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "Database unreachable", ex.Message);
        }
        return TypedResults.Ok(new { status = "ready" });
    }
}
