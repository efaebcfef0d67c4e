using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Definitions;
using OmsFlow.Server.Http;
using OmsFlow.Server.Instances;
using OmsFlow.Server.Security;
using OmsFlow.Templates.Rendering;
using OmsFlow.Workflows.Documents;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Server.Documents;

/// <summary>Template previews and downloads of issued documents.</summary>
internal static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/templates/{id}/preview", PreviewAsync).WithTags("Templates")
            .WithSummary("Render the published version, a version or the draft ({version? | draft?}) with the sample or the given 'data' as html, text, pdf or zpl.").RequireAccess(AccessPolicies.ReadDefinitions);
        var documents = app.MapGroup("/api/documents").WithTags("Documents").RequireAccess(AccessPolicies.ReadInstances);
        documents.MapGet("/", ListAsync).WithSummary("Documents an instance issued (?instanceId=...), without their content.");
        documents.MapGet("/{id}", DownloadAsync).WithSummary("Download an issued document exactly as it was issued.");
        return app;
    }

    private static async Task<IResult> PreviewAsync(string id, HttpRequest request, DefinitionStores stores, DefinitionLibrary library, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        var (template, unavailable) = await DefinitionSource.LoadAsync(stores.Templates, id, body!, library.GetTemplateAsync, TemplateSetKind.Load, cancellationToken)
            .ConfigureAwait(false);
        if (unavailable is not null)
        {
            return unavailable;
        }
        var bundle = template!.Value;
        var format = bundle.Formats[0];
        if (body!["format"]?.ToString() is { } formatText
            && (!Enum.TryParse(formatText, ignoreCase: true, out format) || !bundle.Formats.Contains(format)))
        {
            return Problems.BadRequest(
                $"Template set '{id}' ({TemplateDocument.KindText(bundle.Set.Kind)}) renders {string.Join(" or ", bundle.Formats).ToLowerInvariant()}, not '{formatText}'.", "format");
        }
        object? data = body["data"] is { } given ? JsonSerializer.SerializeToElement(given) : bundle.Set.SampleData;
        if (data is null)
        {
            return Problems.BadRequest($"Template set '{id}' has no sample data; send the document's data as 'data'.", "data");
        }
        RenderSettings settings;
        try
        {
            settings = RenderSettings.For(body["culture"]?.ToString() ?? "en-US", body["timeZone"]?.ToString() ?? "UTC");
        }
        catch (Exception ex) when (ex is CultureNotFoundException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return Problems.BadRequest($"Unknown culture or time zone: {ex.Message}", "culture");
        }
        if (body["dpi"] is JsonValue dpiValue && dpiValue.TryGetValue<int>(out var dpi))
        {
            settings = settings with { Dpi = dpi };
        }
        try
        {
            var rendered = bundle.Renderer.Render(bundle.Set, data, format, settings);
            return TypedResults.File(rendered.Content.ToArray(), rendered.MediaType, $"{id}-preview{rendered.FileExtension}");
        }
        catch (TemplateRenderException ex)
        {
            return Problems.Unprocessable($"Template set '{id}' could not be rendered: {ex.Message}");
        }
    }

    private static async Task<IResult> ListAsync(string? instanceId, ClaimsPrincipal user, OmsFlowStorage storage, DocumentStore documents, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(instanceId))
        {
            return Problems.BadRequest("Name the instance whose documents to list: ?instanceId=...", "instanceId");
        }
        if (!await storage.CanReadInstanceAsync(user, instanceId, cancellationToken).ConfigureAwait(false))
        {
            return Problems.NotFound($"Instance '{instanceId}' does not exist.");
        }
        var items = await documents.ListByInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            items = items.Select(d => new
            {
                id = d.Id,
                kind = d.Kind,
                templateId = d.TemplateId,
                templateVersion = d.TemplateVersion,
                mediaType = d.MediaType,
                createdAt = InstanceEndpoints.Time(d.CreatedAt),
                instanceId = d.InstanceId,
                correlationKey = d.CorrelationKey,
                href = $"/api/documents/{d.Id}",
            }),
        });
    }

    private static async Task<IResult> DownloadAsync(string id, ClaimsPrincipal user, OmsFlowStorage storage, DocumentStore documents, CancellationToken cancellationToken)
    {
        var document = await documents.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return document is null || !await storage.CanReadInstanceAsync(user, document.InstanceId, cancellationToken).ConfigureAwait(false)
            ? Problems.NotFound($"Document '{id}' does not exist.")
            : TypedResults.File(document.Content, document.MediaType, $"{document.Kind}-{document.Id}{DocumentStore.ExtensionFor(document.MediaType)}");
    }
}
