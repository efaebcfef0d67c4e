using System.Text;
using System.Text.Json.Nodes;
using OmsFlow.Persistence.Records;
using OmsFlow.Server.Http;
using OmsFlow.Server.Instances;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Validation;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Server.Workflows;

/// <summary>Workflow definitions: drafts, validation, publishing, versions, export/import, test runs; and the activity toolbox.</summary>
internal static class WorkflowEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/activities", (ActivityRegistry registry) => TypedResults.Ok(new JsonArray([.. registry.All.OrderBy(d => d.Category).ThenBy(d => d.Type).Select(d => (JsonNode)d.ToJson())])))
            .WithTags("Activities").WithSummary("Activity descriptors for the designer's toolbox.").RequireAccess(AccessPolicies.ReadDefinitions);

        var group = app.MapGroup("/api/workflows").WithTags("Workflows").AddEndpointFilter<DocumentNestingFilter>();
        group.MapGet("/", ListAsync).WithSummary("Every workflow with its published and latest version and whether it has a draft.").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapPost("/validate", ValidateAsync).WithSummary("Validate a workflow document (YAML or JSON) without saving it.").RequireAccess(AccessPolicies.EditDrafts);
        group.MapPost("/import", ImportAsync).WithSummary("Import a YAML or JSON document as the draft of its workflow.").RequireAccess(AccessPolicies.EditDrafts).Audited("workflow.import", null);
        group.MapGet("/{id}", GetAsync).WithSummary("A workflow's draft and published document.").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapGet("/{id}/versions", VersionsAsync).WithSummary("Version history: who published what, when, why.").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapGet("/{id}/versions/{version:int}", VersionAsync).WithSummary("One published version.").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapPut("/{id}/draft", SaveDraftAsync).WithSummary("Save the draft (kept even with problems; they are returned).").RequireAccess(AccessPolicies.EditDrafts).Audited("workflow.draft.save");
        group.MapDelete("/{id}/draft", DeleteDraftAsync).WithSummary("Discard the draft.").RequireAccess(AccessPolicies.EditDrafts).Audited("workflow.draft.discard");
        group.MapPost("/{id}/publish", PublishAsync).WithSummary("Publish the draft (or the document sent) as the next version.").RequireAccess(AccessPolicies.Publish).Audited("workflow.publish");
        group.MapGet("/{id}/export", ExportAsync).WithSummary("Download a version or the draft as YAML or JSON.").RequireAccess(AccessPolicies.ReadDefinitions);
        group.MapPost("/{id}/test-run", TestRunAsync).WithSummary("Run the draft (or a document) in memory against an input; nothing is stored.").RequireAccess(AccessPolicies.EditDrafts);
        return app;
    }

    private static async Task<IResult> ListAsync(WorkflowVersions versions, CancellationToken cancellationToken)
    {
        var items = await versions.ListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = items.Select(Summary) });
    }

    private static async Task<IResult> GetAsync(string id, WorkflowVersions versions, CancellationToken cancellationToken)
    {
        var record = await versions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return Problems.NotFound($"Workflow '{id}' does not exist.");
        }
        var published = record.PublishedVersion is { } v ? await versions.GetVersionAsync(id, v, cancellationToken).ConfigureAwait(false) : null;
        return TypedResults.Ok(new
        {
            id = record.Id,
            name = record.Name,
            description = record.Description,
            publishedVersion = record.PublishedVersion,
            latestVersion = record.LatestVersion == 0 ? (int?)null : record.LatestVersion,
            hasDraft = record.Draft is not null,
            draft = record.Draft is null ? null : TryParse(record.Draft),
            published = published is null ? null : JsonNode.Parse(published.Content),
        });
    }

    private static async Task<IResult> VersionsAsync(string id, WorkflowVersions versions, CancellationToken cancellationToken)
    {
        var history = await versions.HistoryAsync(id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            items = history.Select(v => new { version = v.Version, publishedAt = InstanceEndpoints.Time(v.PublishedAt), publishedBy = v.PublishedBy, note = v.Note, hash = v.Hash }),
        });
    }

    private static async Task<IResult> VersionAsync(string id, int version, WorkflowVersions versions, CancellationToken cancellationToken)
    {
        var record = await versions.GetVersionAsync(id, version, cancellationToken).ConfigureAwait(false);
        return record is null ? Problems.NotFound($"Workflow '{id}' has no version {version}.") : TypedResults.Text(record.Content, "application/json");
    }

    private static async Task<IResult> ValidateAsync(HttpRequest request, WorkflowVersions versions)
    {
        var text = await ReadTextAsync(request).ConfigureAwait(false);
        if (text is null)
        {
            return TooLarge();
        }
        var (_, problems) = versions.Check(text);
        return TypedResults.Ok(new { problems = problems.Select(ProblemJson) });
    }

    private static async Task<IResult> SaveDraftAsync(string id, HttpRequest request, WorkflowVersions versions, CancellationToken cancellationToken)
    {
        var text = await ReadTextAsync(request).ConfigureAwait(false);
        if (text is null)
        {
            return TooLarge();
        }
        var problems = await versions.SaveDraftAsync(id, text, cancellationToken).ConfigureAwait(false);
        if (problems.Any(p => p.Code == "id-mismatch"))
        {
            return Problems.Unprocessable(problems.First(p => p.Code == "id-mismatch").Message, "id", new Dictionary<string, object?> { ["problems"] = problems.Select(ProblemJson) });
        }
        return TypedResults.Ok(new { problems = problems.Select(ProblemJson) });
    }

    private static async Task<IResult> DeleteDraftAsync(string id, WorkflowVersions versions, CancellationToken cancellationToken)
        => await versions.DeleteDraftAsync(id, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Workflow '{id}' has no draft.");

    private static async Task<IResult> PublishAsync(string id, HttpRequest request, WorkflowVersions versions, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        var document = body!["definition"] is JsonObject definition ? definition.ToJsonString() : null;
        var result = await versions.PublishAsync(id, document, body["publishedBy"]?.ToString() ?? "api", body["note"]?.ToString(), cancellationToken).ConfigureAwait(false);
        if (result.Version is null)
        {
            var first = result.Problems.FirstOrDefault(p => p.Severity == ProblemSeverity.Error);
            return Problems.Unprocessable(
                $"Workflow '{id}' was not published: {first?.ToString() ?? "it has errors"}",
                first?.Field,
                new Dictionary<string, object?> { ["problems"] = result.Problems.Select(ProblemJson) });
        }
        return TypedResults.Ok(new { version = result.Version, problems = result.Problems.Select(ProblemJson) });
    }

    private static async Task<IResult> ExportAsync(string id, int? version, string? format, WorkflowVersions versions, CancellationToken cancellationToken)
    {
        string? content;
        if (version is { } v)
        {
            content = (await versions.GetVersionAsync(id, v, cancellationToken).ConfigureAwait(false))?.Content;
        }
        else
        {
            var record = await versions.GetAsync(id, cancellationToken).ConfigureAwait(false);
            content = record?.Draft ?? (record?.PublishedVersion is { } p ? (await versions.GetVersionAsync(id, p, cancellationToken).ConfigureAwait(false))?.Content : null);
        }
        if (content is null)
        {
            return Problems.NotFound(version is null ? $"Workflow '{id}' has no draft or published version." : $"Workflow '{id}' has no version {version}.");
        }
        if (!string.Equals(format, "yaml", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Text(content, "application/json");
        }
        var (definition, problems) = WorkflowDocuments.Read(content);
        return definition is null
            ? Problems.Unprocessable("The draft does not parse, so it cannot be written as YAML: " + string.Join("; ", problems))
            : TypedResults.Text(WorkflowYaml.Write(definition), "application/yaml");
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, WorkflowVersions versions, CancellationToken cancellationToken)
    {
        var text = await ReadTextAsync(request).ConfigureAwait(false);
        if (text is null)
        {
            return TooLarge();
        }
        var (definition, problems) = WorkflowDocuments.Read(text);
        if (definition is null)
        {
            return Problems.Unprocessable("The document does not parse: " + (problems.Count > 0 ? problems[0].ToString() : "unknown error"), null, new Dictionary<string, object?> { ["problems"] = problems.Select(ProblemJson) });
        }
        var saved = await versions.SaveDraftAsync(definition.Id, text, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { id = definition.Id, problems = saved.Select(ProblemJson) });
    }

    private static async Task<IResult> TestRunAsync(string id, HttpRequest request, WorkflowVersions versions, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        string? text = body!["definition"] is JsonObject sent ? sent.ToJsonString() : (await versions.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Draft;
        if (text is null)
        {
            var record = await versions.GetAsync(id, cancellationToken).ConfigureAwait(false);
            text = record?.PublishedVersion is { } p ? (await versions.GetVersionAsync(id, p, cancellationToken).ConfigureAwait(false))?.Content : null;
        }
        if (text is null)
        {
            return Problems.NotFound($"Workflow '{id}' has no draft or published version to run; send one as 'definition'.");
        }
        var (definition, problems) = versions.Check(text);
        if (definition is null || problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            return Problems.Unprocessable("The workflow has errors; fix them before a test run.", null, new Dictionary<string, object?> { ["problems"] = problems.Select(ProblemJson) });
        }
        if (body["input"] is not null and not JsonObject)
        {
            return Problems.BadRequest("'input' must be a JSON object.", "input");
        }
        var input = body["input"]?.DeepClone() as JsonObject ?? [];
        var result = await engine.TestRunAsync(definition, input, body["correlationKey"]?.ToString(), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            status = result.Outcome.Status.ToString(),
            error = result.Outcome.Error,
            outputs = result.Outcome.Outputs,
            variables = result.Variables,
            journal = result.Journal.Select(InstanceEndpoints.Journal),
            bookmarks = result.Bookmarks.Select(InstanceEndpoints.Bookmark),
            incidents = result.Incidents.Select(i => new { id = i.Id, step = i.Step, error = i.Error, attempt = i.Attempt }),
            messages = result.Messages.Select(m => new { id = m.Id, channel = m.Channel, topic = m.Topic, payload = JsonNode.Parse(m.Payload) }),
        });
    }

    internal static object ProblemJson(DefinitionProblem p) => OmsFlow.Workflows.Releases.ReleaseJson.Problem(p);

    internal static object Summary(DefinitionRecord r) => new
    {
        id = r.Id,
        name = r.Name,
        description = r.Description,
        publishedVersion = r.PublishedVersion,
        latestVersion = r.LatestVersion == 0 ? (int?)null : r.LatestVersion,
        hasDraft = r.Draft is not null,
        updatedAt = InstanceEndpoints.Time(r.UpdatedAt),
    };

    internal static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    internal static async Task<string?> ReadTextAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[JsonBody.MaxBytes + 1];
        var read = await reader.ReadBlockAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
        return read > JsonBody.MaxBytes ? null : new string(buffer, 0, read);
    }

    internal static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge() => Problems.Of(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Documents are limited to {JsonBody.MaxBytes} bytes.");
}
