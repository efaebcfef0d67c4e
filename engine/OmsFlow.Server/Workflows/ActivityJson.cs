using OmsFlow.Workflows.Activities;

namespace OmsFlow.Server.Workflows;

/// <summary>The toolbox entry the designer renders for an activity.</summary>
internal static class ActivityJson
{
    public static object Describe(ActivityDescriptor d) => new
    {
        type = d.Type,
        category = d.Category,
        description = d.Description,
        outcomes = d.Outcomes,
        dynamicOutcomes = d.DynamicOutcomes,
        blocking = d.Blocking,
        inputs = d.Inputs.Select(i => new
        {
            name = i.Name,
            type = i.ValueType.ToString().ToLowerInvariant(),
            required = i.Required,
            description = i.Description,
            sensitive = i.Sensitive,
            options = i.Options,
            editor = i.Editor,
            @default = i.Default,
        }),
    };
}
