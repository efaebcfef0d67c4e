namespace OmsFlow.Templates.Rendering;

/// <summary>A template could not be compiled or rendered; the message names the template and, where known, line:column.</summary>
public sealed class TemplateRenderException : Exception
{
    public TemplateRenderException() { }

    public TemplateRenderException(string message) : base(message) { }

    public TemplateRenderException(string message, Exception innerException) : base(message, innerException) { }
}
