using System.Security.Claims;
using OmsFlow.Server.Http;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Events;

/// <summary><c>POST /api/events/{name}</c> starts every published workflow with an event trigger of that name.</summary>
internal static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/events/{name}", PublishAsync).WithTags("Events")
            .WithSummary("Publish a named event; every workflow with a matching event trigger starts with the body as its input.")
            .RequireAccess(AccessPolicies.CallHooks);
        return app;
    }

    private static async Task<IResult> PublishAsync(string name, HttpRequest request, ClaimsPrincipal user, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        var started = await engine.PublishEventAsync(name, body!, user.KeyId(), cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted((string?)null, new { @event = name, started = started.Select(s => new { instanceId = s.InstanceId, workflowId = s.WorkflowId }) });
    }
}
