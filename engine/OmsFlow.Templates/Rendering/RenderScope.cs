namespace OmsFlow.Templates.Rendering;

/// <summary>
/// The settings of the render running on this thread. Handlebars helpers are plain delegates without a
/// per-call state slot, and rendering is synchronous, so a thread-static is the cheapest way to reach them.
/// </summary>
internal static class RenderScope
{
    [ThreadStatic]
    private static RenderSettings? current;

    public static RenderSettings Current => current ?? RenderSettings.Default;

    public static Restore Enter(RenderSettings settings)
    {
        var previous = current;
        current = settings;
        return new Restore(previous);
    }

    internal readonly struct Restore(RenderSettings? previous) : IDisposable
    {
        public void Dispose() => current = previous;
    }
}
