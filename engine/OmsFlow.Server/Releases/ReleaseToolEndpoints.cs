using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Server.Http;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Releases.Diff;
using OmsFlow.Workflows.Releases.Migration;
using OmsFlow.Workflows.Releases.Rehearse;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Server.Releases;

/// <summary>The careful part of releasing: compare (<c>diff</c>), what-if (<c>rehearse</c>) and explicit instance migration.</summary>
internal static class ReleaseToolEndpoints
{
    public static IEndpointRouteBuilder MapReleaseToolsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/releases").WithTags("Releases");
        group.MapGet("/diff", CompareReleasesAsync)
            .WithSummary("Semantic diff between two releases (?from=&to=; to defaults to the active release), as JSON with a text rendering.")
            .RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapPost("/diff", CompareFilesAsync)
            .WithSummary("Semantic diff of definition files ({files, against?}) against a release (default: the active one).")
            .RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapPost("/validate", ValidateAsync)
            .WithSummary("Validate definition files ({files}) with the validators a release uses; nothing is stored. Problems name file:line:column.")
            .RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapPost("/rehearse", RehearseAsync)
            .WithSummary("What-if: run a candidate rule set or table ({files: [one file], orders: last:N|since:DATE, workflowId?, inputs?}) beside the active version on recorded orders. Read-only.")
            .RequireAccess(AccessPolicies.ReadDefinitions);
        app.MapPost("/api/instances/migrate", MigrateAsync).WithTags("Releases")
            .WithSummary("Move unfinished instances to a release ({to, from?, instanceIds? | workflowId, dryRun}); a dry run lists which can move and why others cannot.")
            .RequireAccess(AccessPolicies.Operate).Audited("instance.migrate", null);
        return app;
    }

    private static async Task<IResult> ValidateAsync(HttpRequest request, ReleaseStore releases)
    {
        var (_, definitions, problems, problem) = await ReadFilesAsync(request, releases).ConfigureAwait(false);
        return problem ?? TypedResults.Ok(ReleaseJson.Validation(definitions!, problems!));
    }

    private static async Task<IResult> CompareReleasesAsync(int? from, int? to, ReleaseStore releases, ReleaseComparer comparer, CancellationToken cancellationToken)
    {
        if (from is not { } left)
        {
            return Problems.BadRequest("Say which release to compare from: ?from=3 (and optionally &to=4; the active release by default).", "from");
        }
        var right = to ?? (await releases.GetActiveAsync(cancellationToken).ConfigureAwait(false))?.Id;
        if (right is null)
        {
            return Problems.NotFound("No release is active yet; give ?to= explicitly.");
        }
        try
        {
            return TypedResults.Ok(ReleaseJson.Diff(await comparer.CompareAsync(left, right.Value, cancellationToken).ConfigureAwait(false)));
        }
        catch (ReleaseException ex)
        {
            return Problems.NotFound(ex.Message);
        }
    }

    private static async Task<IResult> CompareFilesAsync(HttpRequest request, ReleaseStore releases, ReleaseComparer comparer, CancellationToken cancellationToken)
    {
        var (body, candidates, problem) = await ReadCandidatesAsync(request, releases).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["against"] is { } against && !(against is JsonValue value && value.TryGetValue<int>(out _)))
        {
            return Problems.BadRequest("'against' must be a release number.", "against");
        }
        try
        {
            var diff = await comparer.CompareAsync(body["against"]?.GetValue<int>(), candidates!, body["name"]?.ToString() ?? "the files", cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(ReleaseJson.Diff(diff));
        }
        catch (ReleaseException ex)
        {
            return Problems.NotFound(ex.Message);
        }
    }

    private static async Task<IResult> RehearseAsync(HttpRequest request, ReleaseStore releases, Rehearsal rehearsal, CancellationToken cancellationToken)
    {
        var (body, candidates, problem) = await ReadCandidatesAsync(request, releases).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (candidates!.Count != 1)
        {
            return Problems.BadRequest($"Send exactly one rule set or decision table file to rehearse (got {candidates.Count} definitions).", "files");
        }
        if (!RehearsalSource.TryParse(body!["orders"]?.ToString(), out var source, out var error))
        {
            return Problems.BadRequest(error!, "orders");
        }
        if (body["inputs"] is JsonArray inputs)
        {
            if (inputs.Any(i => i is not JsonObject))
            {
                return Problems.BadRequest("'inputs' must be an array of objects: the inputs of one order each.", "inputs");
            }
            source = new RehearsalSource(Inputs: [.. inputs.Select(i => (JsonObject)i!.DeepClone())]);
        }
        source = source with { WorkflowId = body["workflowId"]?.ToString() };
        try
        {
            var report = await rehearsal.RunAsync(candidates[0], source, cancellationToken: cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(ReleaseJson.Rehearsal(report));
        }
        catch (ReleaseException ex)
        {
            return Problems.BadRequest(ex.Message, "files");
        }
    }

    private static async Task<IResult> MigrateAsync(HttpRequest request, InstanceMigrator migrator, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (!TryInt(body!["to"], out var to) || to is null)
        {
            return Problems.BadRequest("Say which release to migrate to: {\"to\": 4, \"workflowId\": \"order-fulfilment\", \"dryRun\": true}.", "to");
        }
        if (!TryInt(body["from"], out var from))
        {
            return Problems.BadRequest("'from' must be a release number.", "from");
        }
        var ids = body["instanceIds"] is JsonArray list ? list.Select(i => i?.ToString() ?? string.Empty).ToList() : null;
        var dryRun = body["dryRun"] is not JsonValue flag || !flag.TryGetValue<bool>(out var value) || value;
        try
        {
            var report = await migrator.MigrateAsync(new MigrationRequest(to.Value, from, ids, body["workflowId"]?.ToString()), dryRun, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(ReleaseJson.Migration(report));
        }
        catch (ReleaseException ex)
        {
            return Problems.Unprocessable(ex.Message);
        }
    }

    /// <summary>Reads and checks the request's definition files; a problem result when any has errors.</summary>
    private static async Task<(JsonObject? Body, IReadOnlyList<CanonicalDefinition>? Candidates, IResult? Problem)> ReadCandidatesAsync(HttpRequest request, ReleaseStore releases)
    {
        var (body, candidates, problems, problem) = await ReadFilesAsync(request, releases).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, null, problem);
        }
        var errors = problems!.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            return (null, null, Problems.Unprocessable($"The files have {errors.Count} problem(s), the first: {errors[0]}", errors[0].Field,
                new Dictionary<string, object?> { ["problems"] = problems!.Select(ReleaseJson.Problem) }));
        }
        return (body, candidates, null);
    }

    /// <summary>Reads the request's <c>files</c> and validates them: the valid definitions and every problem.</summary>
    private static async Task<(JsonObject? Body, IReadOnlyList<CanonicalDefinition>? Definitions, IReadOnlyList<DefinitionProblem>? Problems, IResult? Problem)> ReadFilesAsync(
        HttpRequest request, ReleaseStore releases)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, null, null, problem);
        }
        if (body!["files"] is not JsonArray files || files.Count == 0)
        {
            return (null, null, null, Problems.BadRequest("Send the definition files as 'files': [{\"path\": \"tables/discounts.yaml\", \"content\": \"...\"}].", "files"));
        }
        var (documents, readProblems) = ReleaseFiles.Read(files);
        var (definitions, problems) = releases.Check(documents);
        return (body, definitions, [.. readProblems, .. problems], null);
    }

    private static bool TryInt(JsonNode? node, out int? number)
    {
        number = null;
        if (node is null)
        {
            return true;
        }
        if (node is JsonValue value && (value.TryGetValue<int>(out var n) || (value.TryGetValue<string>(out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n))))
        {
            number = n;
            return true;
        }
        return false;
    }
}
