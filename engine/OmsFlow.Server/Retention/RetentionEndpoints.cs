using OmsFlow.Server.Http;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Retention;

namespace OmsFlow.Server.Retention;

/// <summary><c>POST /api/retention/sweep</c>: run a retention sweep now (ops).</summary>
internal static class RetentionEndpoints
{
    public static IEndpointRouteBuilder MapRetentionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/retention/sweep", SweepAsync).WithTags("Retention")
            .WithSummary("Delete (or archive, then delete) finished instances older than Retention:FinishedInstanceAge now; returns what was removed.")
            .RequireAccess(AccessPolicies.Operate).Audited("retention.sweep", targetRouteValue: null);
        return app;
    }

    private static async Task<IResult> SweepAsync(InstanceRetention retention, CancellationToken cancellationToken)
    {
        var result = await retention.SweepAsync(cancellationToken).ConfigureAwait(false);
        if (!result.Ran)
        {
            return Problems.Conflict(result.Reason!);
        }
        return TypedResults.Ok(new
        {
            olderThan = result.OlderThan,
            instances = result.Instances,
            journalEntries = result.JournalEntries,
            outboxMessages = result.OutboxMessages,
            batches = result.Batches,
            archived = result.Archived,
            archiveFiles = result.ArchiveFiles,
        });
    }
}
