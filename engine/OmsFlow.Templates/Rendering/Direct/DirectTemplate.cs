using OmsFlow.Templates.Helpers;

namespace OmsFlow.Templates.Rendering.Direct;

/// <summary>A template compiled for the direct renderer, with what it needs to run: its mode, helpers and partials.</summary>
internal sealed class DirectTemplate(
    DirectNode[] nodes, OutputMode mode, HelperTable helpers, IFormatProvider numberFormat, Func<OutputMode, string, DirectNode[]?> partials)
{
    /// <summary>False once the template met something only Handlebars.Net renders (a partial it cannot compile, a typed value).</summary>
    public bool CanRender { get; private set; } = true;

    /// <summary>
    /// Renders <paramref name="model"/>; false when the caller must use Handlebars.Net. Every failure is left to
    /// Handlebars.Net too, so a helper error reads exactly as it does there (with the template and partial names).
    /// </summary>
    public bool TryRender(object model, out string output)
    {
        try
        {
            output = DirectRun.Render(nodes, model, mode, helpers, numberFormat, partials);
            return true;
        }
        catch (DirectUnsupportedException)
        {
            CanRender = false;
        }
        catch (TemplateRenderException)
        {
            // Runaway nesting: Handlebars.Net would recurse until the stack overflows, so this is reported instead.
            throw;
        }
#pragma warning disable CA1031 // Any other failure is re-run through Handlebars.Net, which reports it in its own words.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        output = string.Empty;
        return false;
    }
}
