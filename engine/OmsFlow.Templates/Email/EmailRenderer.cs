using System.Text.Json;
using System.Text.RegularExpressions;
using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Rendering.Direct;

namespace OmsFlow.Templates.Email;

/// <summary>Renders the subject, HTML and text bodies of an email template set from one data model.</summary>
public sealed partial class EmailRenderer(TemplateEngine engine)
{
    /// <summary>Renders <paramref name="set"/> (kind <see cref="TemplateKind.Email"/>) for <paramref name="model"/>.</summary>
    /// <remarks>The subject is rendered as text and folded onto one line; a set without a text body gets none.</remarks>
    public RenderedEmail Render(TemplateSet set, object? model, RenderSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Kind != TemplateKind.Email)
        {
            throw new TemplateRenderException($"Template set '{set.Id}' is a {set.Kind} template, not an email.");
        }

        // One conversion serves the subject and both bodies: a JsonNode tree becomes a JsonElement once, and the direct
        // renderer converts each member it reads once for all three.
        model = TemplateModel.NormalizeForRender(model, out var lease);
        using var release = lease;
        if (engine.DirectRendering && model is JsonElement { ValueKind: JsonValueKind.Object } json)
        {
            model = new DirectObject(json);
        }

        var subject = engine.Render(set.RequiredPart(TemplatePartNames.Subject), model, settings);
        var html = engine.Render(set.RequiredPart(TemplatePartNames.HtmlBody), model, settings);
        var text = set.Part(TemplatePartNames.TextBody) is { } textPart ? engine.Render(textPart, model, settings) : string.Empty;
        return new RenderedEmail(Whitespace().Replace(subject, " ").Trim(), html, text);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
