using HandlebarsDotNet;

namespace OmsFlow.Templates.Rendering;

/// <summary>A template compiled once to a delegate; rendering is thread-safe.</summary>
public sealed class CompiledTemplate
{
    private readonly HandlebarsTemplate<object, object> template;

    internal CompiledTemplate(TemplateSource source, HandlebarsTemplate<object, object> template)
    {
        Source = source;
        this.template = template;
    }

    /// <summary>The source this delegate was compiled from.</summary>
    public TemplateSource Source { get; }

    /// <summary>Renders <paramref name="model"/> (typed object, dictionary, JsonElement, JsonNode or JsonDocument).</summary>
    /// <param name="data">Extra <c>@</c> variables, e.g. <c>new { body = "..." }</c> is read as <c>{{@body}}</c>.</param>
    /// <exception cref="TemplateRenderException">A helper rejected its arguments or a partial is missing.</exception>
    public string Render(object? model, RenderSettings? settings = null, object? data = null)
    {
        using var scope = RenderScope.Enter(settings ?? RenderSettings.Default);
        try
        {
            return template(TemplateModel.Normalize(model)!, data!);
        }
        catch (HandlebarsException exception)
        {
            throw new TemplateRenderException($"Template '{Source.Id}' v{Source.Version}: {exception.Message}", exception);
        }
    }
}
