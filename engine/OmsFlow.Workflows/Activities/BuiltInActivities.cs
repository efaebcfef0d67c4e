namespace OmsFlow.Workflows.Activities;

/// <summary>The activities every OmsFlow engine has: control flow, blocking waits, data.</summary>
public static class BuiltInActivities
{
    /// <summary>A registry holding the built-in activities; add your own with <see cref="ActivityRegistry.Register(Type)"/>.</summary>
    public static ActivityRegistry CreateRegistry()
    {
        var registry = new ActivityRegistry();
        registry.RegisterAssembly(typeof(BuiltInActivities).Assembly);
        return registry;
    }
}
