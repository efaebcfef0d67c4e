using System.Text.Json.Nodes;
using OmsFlow.Server.Http;
using OmsFlow.Server.Instances;
using OmsFlow.Server.Security;
using OmsFlow.Server.Workflows;
using OmsFlow.Workflows.Validation;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Server.Definitions;

/// <summary>
/// Rule sets (<c>/api/rules</c>), decision tables (<c>/api/tables</c>) and template sets (<c>/api/templates</c>):
/// list, get, drafts, validation, publishing and versions, the same way for each kind.
/// </summary>
internal static class DefinitionEndpoints
{
    public static IEndpointRouteBuilder MapDefinitionKinds(this IEndpointRouteBuilder app)
    {
        MapKind(app, "/api/rules", "Rules", "rules", stores => stores.Rules, "RulesEngine workflow JSON");
        MapKind(app, "/api/tables", "Decision tables", "table", stores => stores.Tables, "decision table YAML");
        MapKind(app, "/api/templates", "Templates", "template", stores => stores.Templates, "template set JSON (kind, parts, partials, sample)");
        return app;
    }

    private static void MapKind(IEndpointRouteBuilder app, string prefix, string tag, string audit, Func<DefinitionStores, DefinitionVersions> select, string format)
    {
        var group = app.MapGroup(prefix).WithTags(tag);
        group.MapGet("/", async (DefinitionStores stores, CancellationToken ct) =>
                TypedResults.Ok(new { items = (await select(stores).ListAsync(ct).ConfigureAwait(false)).Select(WorkflowEndpoints.Summary) }))
            .WithSummary("Every definition with its published and latest version and whether it has a draft.").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapGet("/{id}", async (string id, DefinitionStores stores, CancellationToken ct) => await GetAsync(select(stores), id, ct).ConfigureAwait(false))
            .WithSummary("A definition's draft and published document.").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapGet("/{id}/versions", async (string id, DefinitionStores stores, CancellationToken ct) => TypedResults.Ok(new
            {
                items = (await select(stores).HistoryAsync(id, ct).ConfigureAwait(false)).Select(v => new
                {
                    version = v.Version, publishedAt = InstanceEndpoints.Time(v.PublishedAt), publishedBy = v.PublishedBy, note = v.Note, hash = v.Hash,
                }),
            }))
            .WithSummary("Version history: who published what, when, why.").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapGet("/{id}/versions/{version:int}", async (string id, int version, DefinitionStores stores, CancellationToken ct) =>
                await select(stores).GetVersionAsync(id, version, ct).ConfigureAwait(false) is { } record
                    ? (IResult)Document(record.Content)
                    : Problems.NotFound($"{select(stores).Kind.Noun} '{id}' has no version {version}."))
            .WithSummary("One published version, as stored.").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapPost("/{id}/validate", async (string id, HttpRequest request, DefinitionStores stores) =>
            {
                var text = await WorkflowEndpoints.ReadTextAsync(request).ConfigureAwait(false);
                return text is null ? (IResult)WorkflowEndpoints.TooLarge() : TypedResults.Ok(new { problems = select(stores).Check(id, text).Problems.Select(WorkflowEndpoints.ProblemJson) });
            })
            .WithSummary($"Validate a document ({format}) as this definition without saving it.").RequireAccess(AccessPolicies.EditDrafts);
        group.MapPut("/{id}/draft", async (string id, HttpRequest request, DefinitionStores stores, CancellationToken ct) =>
                await SaveDraftAsync(select(stores), id, request, ct).ConfigureAwait(false))
            .WithSummary($"Save the draft ({format}); kept even with problems, which are returned.").RequireAccess(AccessPolicies.EditDrafts).Audited(audit + ".draft.save");
        group.MapDelete("/{id}/draft", async (string id, DefinitionStores stores, CancellationToken ct) =>
                await select(stores).DeleteDraftAsync(id, ct).ConfigureAwait(false)
                    ? (IResult)TypedResults.NoContent()
                    : Problems.NotFound($"{select(stores).Kind.Noun} '{id}' has no draft."))
            .WithSummary("Discard the draft.").RequireAccess(AccessPolicies.EditDrafts).Audited(audit + ".draft.discard");
        group.MapPost("/{id}/publish", async (string id, HttpRequest request, DefinitionStores stores, CancellationToken ct) =>
                await PublishAsync(select(stores), id, request, ct).ConfigureAwait(false))
            .WithSummary("Publish the draft, or the 'document' sent, as the next version ({note, publishedBy} optional).").RequireAccess(AccessPolicies.Publish).Audited(audit + ".publish");
    }

    private static async Task<IResult> GetAsync(DefinitionVersions store, string id, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return Problems.NotFound($"{store.Kind.Noun} '{id}' does not exist.");
        }
        var published = record.PublishedVersion is { } v ? await store.GetVersionAsync(id, v, cancellationToken).ConfigureAwait(false) : null;
        return TypedResults.Ok(new
        {
            id = record.Id,
            kind = record.Kind,
            name = record.Name,
            description = record.Description,
            publishedVersion = record.PublishedVersion,
            latestVersion = record.LatestVersion == 0 ? (int?)null : record.LatestVersion,
            hasDraft = record.Draft is not null,
            draft = record.Draft is null ? null : WorkflowEndpoints.TryParse(record.Draft),
            published = published is null ? null : WorkflowEndpoints.TryParse(published.Content),
        });
    }

    private static async Task<IResult> SaveDraftAsync(DefinitionVersions store, string id, HttpRequest request, CancellationToken cancellationToken)
    {
        var text = await WorkflowEndpoints.ReadTextAsync(request).ConfigureAwait(false);
        if (text is null)
        {
            return WorkflowEndpoints.TooLarge();
        }
        var problems = await store.SaveDraftAsync(id, text, cancellationToken).ConfigureAwait(false);
        if (problems.FirstOrDefault(p => p.Code == DefinitionProblemCodes.IdMismatch) is { } mismatch)
        {
            return Problems.Unprocessable(mismatch.Message, "id", new Dictionary<string, object?> { ["problems"] = problems.Select(WorkflowEndpoints.ProblemJson) });
        }
        return TypedResults.Ok(new { problems = problems.Select(WorkflowEndpoints.ProblemJson) });
    }

    private static async Task<IResult> PublishAsync(DefinitionVersions store, string id, HttpRequest request, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        var document = body!["document"] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            var node => node.ToJsonString(),
        };
        var result = await store.PublishAsync(id, document, body["publishedBy"]?.ToString() ?? "api", body["note"]?.ToString(), cancellationToken).ConfigureAwait(false);
        if (result.Version is null)
        {
            var first = result.Problems.FirstOrDefault(p => p.Severity == ProblemSeverity.Error);
            return Problems.Unprocessable(
                $"{store.Kind.Noun} '{id}' was not published: {first?.ToString() ?? "it has errors"}",
                first?.Field,
                new Dictionary<string, object?> { ["problems"] = result.Problems.Select(WorkflowEndpoints.ProblemJson) });
        }
        return TypedResults.Ok(new { version = result.Version, problems = result.Problems.Select(WorkflowEndpoints.ProblemJson) });
    }

    /// <summary>A stored document: JSON kinds as JSON, YAML tables as YAML.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Document(string content)
        => WorkflowEndpoints.TryParse(content) is JsonValue ? TypedResults.Text(content, "application/yaml") : TypedResults.Text(content, "application/json");
}
