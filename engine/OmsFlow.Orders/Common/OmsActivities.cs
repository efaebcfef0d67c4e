using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Common;

/// <summary>The activities OmsFlow's definitions can use: the engine's built-ins and the OMS activities of this assembly.</summary>
/// <remarks>The server and the CLI (validating or releasing against a local database) compose the same registry from here.</remarks>
public static class OmsActivities
{
    public static ActivityRegistry CreateRegistry()
    {
        var registry = BuiltInActivities.CreateRegistry();
        registry.RegisterAssembly(typeof(OmsActivities).Assembly);
        return registry;
    }
}
