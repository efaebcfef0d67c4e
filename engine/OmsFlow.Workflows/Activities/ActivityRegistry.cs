using System.Reflection;

namespace OmsFlow.Workflows.Activities;

/// <summary>
/// The activity types a server knows, by their definition name (case-insensitive).
/// Filled at startup; lookups are lock-free and safe while other threads register.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly Lock _writeLock = new();
    private volatile Snapshot _snapshot = new(new Dictionary<string, ActivityDescriptor>(StringComparer.OrdinalIgnoreCase), []);

    /// <summary>Every registered activity, in registration order.</summary>
    public IReadOnlyList<ActivityDescriptor> All => _snapshot.Ordered;

    /// <summary>Registers <typeparamref name="TActivity"/>; see <see cref="Register(Type)"/>.</summary>
    public ActivityDescriptor Register<TActivity>()
        where TActivity : Activity, new()
        => Register(typeof(TActivity));

    /// <summary>Registers an activity class; registering the same class again returns its descriptor.</summary>
    /// <exception cref="ArgumentException">
    /// The class is not a concrete <see cref="Activity"/> with <see cref="ActivityAttribute"/> and a public
    /// parameterless constructor, an input cannot be set, or another class already uses its type name.
    /// </exception>
    public ActivityDescriptor Register(Type activityType)
    {
        ArgumentNullException.ThrowIfNull(activityType);
        var descriptor = ActivityDescriptor.Describe(activityType);
        lock (_writeLock)
        {
            var current = _snapshot;
            if (current.ByType.TryGetValue(descriptor.Type, out var existing))
            {
                if (existing.ClrType == activityType)
                {
                    return existing;
                }
                throw new ArgumentException(
                    $"Activity type '{descriptor.Type}' is declared by both {existing.ClrType.FullName} and {activityType.FullName}; give one of them another [Activity] name.",
                    nameof(activityType));
            }
            var byType = new Dictionary<string, ActivityDescriptor>(current.ByType, StringComparer.OrdinalIgnoreCase) { [descriptor.Type] = descriptor };
            _snapshot = new Snapshot(byType, [.. current.Ordered, descriptor]);
            return descriptor;
        }
    }

    /// <summary>Registers every concrete <see cref="Activity"/> subclass of <paramref name="assembly"/> that has <see cref="ActivityAttribute"/>.</summary>
    public IReadOnlyList<ActivityDescriptor> RegisterAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var registered = new List<ActivityDescriptor>();
        var candidates = LoadableTypes(assembly)
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
                && typeof(Activity).IsAssignableFrom(t)
                && t.GetCustomAttribute<ActivityAttribute>(inherit: false) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in candidates)
        {
            registered.Add(Register(type));
        }
        return registered;
    }

    // A plug-in assembly may reference something missing; the activities that do load are still usable.
    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException error)
        {
            return error.Types.OfType<Type>();
        }
    }

    /// <summary>The activity named <paramref name="type"/>, ignoring case.</summary>
    public bool TryGet(string type, out ActivityDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _snapshot.ByType.TryGetValue(type, out descriptor!);
    }

    /// <summary>The activity named <paramref name="type"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such activity.</exception>
    public ActivityDescriptor Get(string type)
        => TryGet(type, out var descriptor) ? descriptor : throw new KeyNotFoundException($"No activity named '{type}' is registered.");

    private sealed record Snapshot(Dictionary<string, ActivityDescriptor> ByType, ActivityDescriptor[] Ordered);
}
