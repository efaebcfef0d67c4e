using System.Text.Json;
using HandlebarsDotNet;
using OmsFlow.Templates.Rendering.Direct;

namespace OmsFlow.Templates.Rendering;

/// <summary>A template compiled once to a delegate; rendering is thread-safe.</summary>
public sealed class CompiledTemplate
{
    private readonly HandlebarsTemplate<object, object> template;
    private DirectTemplate? direct;
    private int handedToHandlebars;

    internal CompiledTemplate(TemplateSource source, HandlebarsTemplate<object, object> template, DirectTemplate? direct)
    {
        Source = source;
        this.template = template;
        this.direct = direct;
    }

    /// <summary>Whether JSON models currently render through the direct renderer (false once it met something it leaves to Handlebars.Net).</summary>
    public bool RendersDirectly => direct is not null;

    /// <summary>Renders of a JSON model the direct renderer started but left to Handlebars.Net (an error, or syntax it met late).</summary>
    internal int HandedToHandlebars => handedToHandlebars;

    /// <summary>The source this delegate was compiled from.</summary>
    public TemplateSource Source { get; }

    /// <summary>Renders <paramref name="model"/> (typed object, dictionary, JsonElement, JsonNode or JsonDocument).</summary>
    /// <param name="data">Extra <c>@</c> variables, e.g. <c>new { body = "..." }</c> is read as <c>{{@body}}</c>.</param>
    /// <exception cref="TemplateRenderException">A helper rejected its arguments or a partial is missing.</exception>
    public string Render(object? model, RenderSettings? settings = null, object? data = null)
    {
        using var scope = RenderScope.Enter(settings ?? RenderSettings.Default);
        var normalized = TemplateModel.NormalizeForRender(model is DirectObject converted ? converted.Source : model, out var lease);
        using var release = lease;
        if (direct is { } fast && data is null && normalized is JsonElement element)
        {
            try
            {
                if (fast.TryRender(model as DirectObject ?? (object)element, out var output))
                {
                    return output;
                }
            }
            catch (TemplateRenderException exception)
            {
                throw new TemplateRenderException($"Template '{Source.Id}' v{Source.Version}: {exception.Message}", exception);
            }

            Interlocked.Increment(ref handedToHandlebars);
            if (!fast.CanRender)
            {
                direct = null;
            }
        }

        try
        {
            return template(normalized!, data!);
        }
        catch (HandlebarsException exception)
        {
            throw new TemplateRenderException($"Template '{Source.Id}' v{Source.Version}: {Describe(exception)}", exception);
        }
    }

    /// <summary>Handlebars wraps partial failures ("see inner exception"); users need the innermost reason and the partials it passed.</summary>
    private static string Describe(Exception exception)
    {
        var partials = new List<string>();
        var current = exception;
        while (current.InnerException is HandlebarsException inner)
        {
            var marker = current.Message.IndexOf("partial '", StringComparison.Ordinal);
            if (marker >= 0)
            {
                partials.Add(current.Message[(marker + 9)..].Split('\'')[0]);
            }

            current = inner;
        }

        return partials.Count == 0 ? current.Message : $"in partial {string.Join(" > ", partials.Select(p => $"'{p}'"))}: {current.Message}";
    }
}
