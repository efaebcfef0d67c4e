using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Templates.Rendering;
using OmsFlow.Workflows.Documents;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Activities.Documents;

/// <summary>What the document activities share: render settings from inputs, rendering a pinned template, issuing the result.</summary>
public static class DocumentRendering
{
    /// <summary>Settings for the customer's culture and time zone; null with an error message when either is unknown.</summary>
    public static (RenderSettings? Settings, string? Error) Settings(string? culture, string? timeZone, int? dpi = null)
    {
        try
        {
            var settings = RenderSettings.For(culture is { Length: > 0 } ? culture : "en-US", timeZone is { Length: > 0 } ? timeZone : "UTC");
            return (dpi is { } value ? settings with { Dpi = value } : settings, null);
        }
        catch (CultureNotFoundException)
        {
            return (null, $"Unknown culture '{culture}'; use a name such as en-US or nl-NL.");
        }
        catch (TimeZoneNotFoundException)
        {
            return (null, $"Unknown time zone '{timeZone}'; use an IANA id such as Europe/Amsterdam.");
        }
        catch (InvalidTimeZoneException)
        {
            return (null, $"Time zone '{timeZone}' cannot be read on this machine; use another IANA id.");
        }
    }

    /// <summary>The data as the renderer reads it.</summary>
    public static JsonElement Model(JsonNode? data) => JsonSerializer.SerializeToElement(data);

    /// <summary>Parses a format name; null when it is not one of html, text, pdf, zpl.</summary>
    public static DocumentFormat? ParseFormat(string? format, LoadedDefinition<TemplateBundle> template)
    {
        if (format is not { Length: > 0 })
        {
            return template.Value.Formats[0];
        }
        return Enum.TryParse<DocumentFormat>(format, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
    }

    /// <summary>
    /// Renders the template set <paramref name="templateId"/> (the version the instance pinned) with the culture and time
    /// zone given, and issues the document; a faulted result names an unknown culture, zone or template set.
    /// </summary>
    public static async Task<ActivityResult> RenderAndIssueAsync(
        ActivityContext context, string templateId, JsonNode? data, string? formatName, string? culture, string? timeZone)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (settings, error) = Settings(culture, timeZone);
        if (settings is null)
        {
            return ActivityResult.Fault(error!, permanent: true);
        }
        LoadedDefinition<TemplateBundle> template;
        try
        {
            template = await context.Definitions.ResolveTemplateAsync(context, templateId).ConfigureAwait(false);
        }
        catch (DefinitionNotFoundException ex)
        {
            return ActivityResult.Fault(ex.Message, permanent: true);
        }
        return await RenderAndIssueAsync(context, template, data, formatName, settings).ConfigureAwait(false);
    }

    /// <summary>Renders the pinned template and issues the document under a stable id for this step execution.</summary>
    public static async Task<ActivityResult> RenderAndIssueAsync(
        ActivityContext context, LoadedDefinition<TemplateBundle> template, JsonNode? data, string? formatName, RenderSettings settings)
    {
        if (ParseFormat(formatName, template) is not { } format)
        {
            return ActivityResult.Fault($"Unknown format '{formatName}'; use one of html, text, pdf, zpl.", permanent: true);
        }
        if (data is null)
        {
            return ActivityResult.Fault($"No data to render template set '{template.Id}'; set the step's 'data' input.", permanent: true);
        }
        RenderedDocument rendered;
        try
        {
            rendered = template.Value.Renderer.Render(template.Value.Set, Model(data), format, settings);
        }
        catch (TemplateRenderException ex)
        {
            return ActivityResult.Fault($"Template set '{template.Id}' v{template.Version}: {ex.Message}", permanent: true);
        }
        var issued = await context.Documents.IssueAsync(new DocumentToIssue(
            DocumentStore.IdFor(context.ExecutionKey, "document"),
            TemplateDocument.KindText(template.Value.Set.Kind),
            template.Id,
            template.Version,
            rendered.MediaType,
            rendered.Content,
            context.InstanceId,
            context.CorrelationKey), context.CancellationToken).ConfigureAwait(false);
        return ActivityResult.Done(new JsonObject
        {
            ["documentId"] = issued.Id,
            ["kind"] = issued.Kind,
            ["mediaType"] = issued.MediaType,
            ["format"] = format.ToString().ToLowerInvariant(),
            ["template"] = issued.TemplateId,
            ["templateVersion"] = issued.TemplateVersion,
            ["size"] = issued.Content.Length,
        });
    }
}
