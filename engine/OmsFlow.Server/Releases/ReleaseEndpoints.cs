using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Server.Http;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Server.Releases;

/// <summary>
/// Releases for ops (<c>/api/releases</c>): release a set of definition files atomically (optionally from a future
/// time), list and read releases, roll back, and move releases between environments as bundles.
/// </summary>
internal static class ReleaseEndpoints
{
    public static IEndpointRouteBuilder MapReleasesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/releases").WithTags("Releases");
        group.MapPost("/", CreateAsync)
            .WithSummary("Release definition files ({files: [{path, content}], note, activateAt?}) as one release; nothing is released when any file has errors.")
            .RequireAccess(AccessPolicies.Publish).Audited("release.create", null);
        group.MapGet("/", async (ReleaseStore releases, CancellationToken ct) =>
                TypedResults.Ok(ReleaseJson.Releases(await releases.ListAsync(ct).ConfigureAwait(false))))
            .WithSummary("Every release, newest first, with its state (active, scheduled, superseded, rolled-back).").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapGet("/active", async (ReleaseStore releases, CancellationToken ct) =>
                await releases.GetActiveAsync(ct).ConfigureAwait(false) is { } active
                    ? (IResult)TypedResults.Ok(Json(active))
                    : Problems.NotFound("No release is active yet; release definitions first."))
            .WithSummary("The release new instances start on now.").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapGet("/{id:int}", async (int id, ReleaseStore releases, CancellationToken ct) =>
                await releases.GetAsync(id, ct).ConfigureAwait(false) is { } release
                    ? (IResult)TypedResults.Ok(Json(release))
                    : Problems.NotFound($"Release {id} does not exist."))
            .WithSummary("One release and its complete set of definition versions.").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapPost("/{id:int}/rollback", RollbackAsync)
            .WithSummary("Make release {id}'s set active again for new instances ({note} optional); running instances keep theirs.")
            .RequireAccess(AccessPolicies.Publish).Audited("release.rollback");
        group.MapGet("/{id:int}/export", async (int id, ReleaseStore releases, CancellationToken ct) =>
                await releases.ExportAsync(id, ct).ConfigureAwait(false) is { } bundle
                    ? (IResult)TypedResults.Json(bundle, JsonSerializerOptions.Web)
                    : Problems.NotFound($"Release {id} does not exist."))
            .WithSummary("The release's complete set as a bundle (canonical content and SHA-256 per definition).").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapPost("/import", ImportAsync)
            .WithSummary("Import a bundle exported by another server; the same bundle twice is a no-op (200 with the existing release).")
            .RequireAccess(AccessPolicies.Publish).Audited("release.import", null);
        app.MapReleaseToolsApi();
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ReleaseStore releases, CancellationToken cancellationToken)
    {
        var (body, problem) = request.HasFormContentType
            ? await ReleaseFiles.ReadFormAsync(request, cancellationToken).ConfigureAwait(false)
            : await ReadJsonAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["files"] is not JsonArray files || files.Count == 0)
        {
            return Problems.BadRequest("Send the definition files to release as 'files': [{\"path\": \"tables/discounts.yaml\", \"content\": \"...\"}], or as multipart form files named by their path.", "files");
        }
        if (!TryReadTime(body["activateAt"], out var activateAt))
        {
            return Problems.BadRequest("'activateAt' must be an ISO 8601 time with an offset, e.g. 2026-11-27T00:00:00Z.", "activateAt");
        }
        var (documents, readProblems) = ReleaseFiles.Read(files);
        if (readProblems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            return NotReleased(readProblems);
        }
        var release = new ReleaseRequest(request.HttpContext.User.Actor(), body["note"]?.ToString(), activateAt);
        var outcome = await releases.ReleaseAsync(documents, release, cancellationToken).ConfigureAwait(false);
        return Outcome(outcome, [.. readProblems, .. outcome.Problems]);
    }

    private static async Task<(JsonObject? Body, IResult? Problem)> ReadJsonAsync(HttpRequest request)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        return (body, problem);
    }

    private static async Task<IResult> RollbackAsync(int id, HttpRequest request, ReleaseStore releases, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (await releases.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return Problems.NotFound($"Release {id} does not exist; list releases to pick one.");
        }
        try
        {
            var rollback = await releases.RollbackAsync(id, request.HttpContext.User.Actor(), body!["note"]?.ToString(), cancellationToken).ConfigureAwait(false);
            return TypedResults.Created($"/api/releases/{rollback.Id}", Json(rollback));
        }
        catch (ReleaseException ex)
        {
            return Problems.Conflict(ex.Message);
        }
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, ReleaseStore releases, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        ReleaseBundle? bundle;
        try
        {
            bundle = body.Deserialize<ReleaseBundle>(JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest($"The body is not a release bundle: {ex.Message} Send what GET /api/releases/{{id}}/export returned.");
        }
        if (bundle?.Definitions is null || bundle.Format is null)
        {
            return Problems.BadRequest("The body is not a release bundle (it needs 'format' and 'definitions'); send what GET /api/releases/{id}/export returned.");
        }
        var outcome = await releases.ImportAsync(bundle, request.HttpContext.User.Actor(), cancellationToken).ConfigureAwait(false);
        return Outcome(outcome, outcome.Problems);
    }

    private static IResult Outcome(ReleaseOutcome outcome, IReadOnlyList<DefinitionProblem> problems)
    {
        if (outcome.Release is null)
        {
            return NotReleased(problems);
        }
        var json = Json(outcome.Release, created: outcome.Created, problems: problems);
        return outcome.Created ? TypedResults.Created($"/api/releases/{outcome.Release.Id}", json) : TypedResults.Ok(json);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotReleased(IReadOnlyList<DefinitionProblem> problems)
    {
        var errors = problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        var detail = ReleaseJson.NotReleased(problems);
        return Problems.Unprocessable(detail, errors.FirstOrDefault()?.Field,
            new Dictionary<string, object?> { ["problems"] = problems.Select(ReleaseJson.Problem) });
    }

    internal static object Json(ReleaseInfo release, bool items = true, bool? created = null, IReadOnlyList<DefinitionProblem>? problems = null)
        => ReleaseJson.Release(release, items, created, problems);

    private static bool TryReadTime(JsonNode? node, out DateTimeOffset? time)
    {
        time = null;
        if (node is null)
        {
            return true;
        }
        if (node is JsonValue value && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }
        return false;
    }
}
