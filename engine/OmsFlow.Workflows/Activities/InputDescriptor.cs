using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Workflows.Definitions;
using ValueType = OmsFlow.Workflows.Definitions.ValueType;

namespace OmsFlow.Workflows.Activities;

/// <summary>One input of an activity: its DSL name and type, designer hints and a compiled setter.</summary>
public sealed class InputDescriptor
{
    private readonly Action<Activity, JsonNode?> _set;
    private readonly Func<JsonNode?, bool> _fits;
    private readonly Func<JsonNode?, Action<Activity>> _prepare;

    private InputDescriptor(
        string activityType, string name, Type clrType, InputAttribute attribute, JsonNode? defaultValue,
        Action<Activity, JsonNode?> set, Func<JsonNode?, bool> fits, Func<JsonNode?, Action<Activity>> prepare)
    {
        ActivityType = activityType;
        Name = name;
        ClrType = clrType;
        ValueType = InputConverters.ValueTypeOf(clrType);
        Required = attribute.Required;
        Description = attribute.Description;
        Sensitive = attribute.Sensitive;
        var underlying = Nullable.GetUnderlyingType(clrType) ?? clrType;
        Options = attribute.Options
            ?? (underlying.IsEnum ? Enum.GetNames(underlying).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)).ToArray() : null);
        Editor = attribute.Editor ?? (ValueType == ValueType.Duration ? "duration" : null);
        Default = defaultValue;
        Expectation = InputConverters.Expectation(clrType);
        _set = set;
        _fits = fits;
        _prepare = prepare;
    }

    public string ActivityType { get; }

    /// <summary>The name definitions use: the property name in camelCase.</summary>
    public string Name { get; }

    public ValueType ValueType { get; }

    public Type ClrType { get; }

    public bool Required { get; }

    public string Description { get; }

    public bool Sensitive { get; }

    /// <summary>Allowed literal values: from the attribute, else an enum's names.</summary>
    public IReadOnlyList<string>? Options { get; }

    public string? Editor { get; }

    /// <summary>The value a new activity has when the step does not set this input (from a property initializer); null when none.</summary>
    public JsonNode? Default { get; }

    /// <summary>What a valid value looks like, e.g. "a duration such as 15m, 2s, 1h30m or 500ms".</summary>
    public string Expectation { get; }

    /// <summary>Whether <paramref name="value"/> converts to this input's type (used to check literals).</summary>
    public bool Accepts(JsonNode? value)
    {
        if (!_fits(value))
        {
            return false;
        }
        return Options is null || value is not JsonValue scalar || !scalar.TryGetValue<string>(out var text)
            || Options.Contains(text, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The message for a value that does not fit.</summary>
    public string DescribeMismatch(JsonNode? value)
    {
        var expected = Options is { Count: > 0 } && Nullable.GetUnderlyingType(ClrType) is not { IsEnum: true } && !ClrType.IsEnum
            ? "one of " + string.Join(", ", Options)
            : Expectation;
        return $"input '{Name}' of {ActivityType} expects {expected}, got {InputConverters.Describe(value)}";
    }

    internal void Set(Activity activity, JsonNode? value) => _set(activity, value);

    /// <summary>A setter for a fixed literal, converted once now (an immutable value) or on each call (JSON and lists, which an activity may change).</summary>
    /// <exception cref="ActivityInputException">The literal does not fit the input's type.</exception>
    internal Action<Activity> Prepare(JsonNode? literal) => _prepare(literal);

    internal static InputDescriptor Describe(string activityType, PropertyInfo property, InputAttribute attribute, Activity prototype)
    {
        var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
        var build = typeof(InputDescriptor).GetMethod(nameof(Build), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(property.DeclaringType!, property.PropertyType);
        return (InputDescriptor)build.Invoke(null, [activityType, name, property, attribute, prototype])!;
    }

    private static InputDescriptor Build<TActivity, TValue>(string activityType, string name, PropertyInfo property, InputAttribute attribute, Activity prototype)
        where TActivity : Activity
    {
        var convert = (InputConverter<TValue>)InputConverters.For(typeof(TValue));
        var setter = property.SetMethod!.CreateDelegate<Action<TActivity, TValue>>();
        var getter = property.GetMethod?.CreateDelegate<Func<TActivity, TValue>>();
        InputDescriptor? descriptor = null;
        void Set(Activity activity, JsonNode? node)
        {
            if (!convert(node, out var converted))
            {
                throw new ActivityInputException(activityType, name, descriptor!.DescribeMismatch(node) + ".");
            }
            setter((TActivity)activity, converted);
        }
        bool Fits(JsonNode? node) => convert(node, out _);
        Action<Activity> Prepare(JsonNode? literal)
        {
            if (!convert(literal, out var converted))
            {
                throw new ActivityInputException(activityType, name, descriptor!.DescribeMismatch(literal) + ".");
            }
            if (IsImmutable(typeof(TValue)))
            {
                return activity => setter((TActivity)activity, converted);
            }
            var own = literal?.DeepClone();
            return activity => Set(activity, own);
        }
        descriptor = new InputDescriptor(activityType, name, typeof(TValue), attribute, DefaultOf(getter, prototype), Set, Fits, Prepare);
        return descriptor;
    }

    private static bool IsImmutable(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || underlying == typeof(TimeSpan) || underlying == typeof(DateTimeOffset) || underlying == typeof(DateTime) || underlying == typeof(Guid);
    }

    private static JsonNode? DefaultOf<TActivity, TValue>(Func<TActivity, TValue>? getter, Activity prototype)
        where TActivity : Activity
    {
        if (getter is null)
        {
            return null;
        }
        var value = getter((TActivity)prototype);
        // An empty string initializer only keeps a property non-null; it is not a default worth showing.
        if (value is null or string { Length: 0 } || (typeof(TValue).IsValueType && Nullable.GetUnderlyingType(typeof(TValue)) is null && EqualityComparer<TValue>.Default.Equals(value, default!)))
        {
            return null;
        }
        return value switch
        {
            JsonNode node => node.DeepClone(),
            TimeSpan span => JsonValue.Create(DurationText.Format(span)),
            Enum member => JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(member.ToString())),
            _ => JsonSerializer.SerializeToNode(value),
        };
    }
}
