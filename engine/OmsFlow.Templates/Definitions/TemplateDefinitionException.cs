namespace OmsFlow.Templates.Definitions;

/// <summary>A template definition on disk is malformed; the message names file:line:column and the fix.</summary>
public sealed class TemplateDefinitionException : Exception
{
    public TemplateDefinitionException() { }

    public TemplateDefinitionException(string message) : base(message) { }

    public TemplateDefinitionException(string message, Exception innerException) : base(message, innerException) { }
}
