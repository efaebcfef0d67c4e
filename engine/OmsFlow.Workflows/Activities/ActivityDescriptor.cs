using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Workflows.Definitions;
using ValueType = OmsFlow.Workflows.Definitions.ValueType;

namespace OmsFlow.Workflows.Activities;

/// <summary>
/// An activity type as the engine, the validator and the designer's toolbox see it: metadata from
/// <see cref="ActivityAttribute"/> and <see cref="InputAttribute"/>, a compiled factory and compiled input setters.
/// </summary>
public sealed class ActivityDescriptor
{
    private readonly Func<Activity> _factory;
    private readonly Dictionary<string, InputDescriptor> _inputsByName;

    private ActivityDescriptor(Type clrType, ActivityAttribute attribute, Func<Activity> factory, IReadOnlyList<InputDescriptor> inputs)
    {
        ClrType = clrType;
        Type = attribute.Type;
        Category = attribute.Category;
        Description = attribute.Description;
        Outcomes = attribute.Outcomes;
        DynamicOutcomes = attribute.DynamicOutcomes;
        Blocking = attribute.Blocking;
        CommitAfter = attribute.CommitAfter;
        Inputs = inputs;
        _factory = factory;
        _inputsByName = inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
    }

    /// <summary>The name definitions use (<c>activity: WaitForSignal</c>).</summary>
    public string Type { get; }

    /// <summary>The class that implements the activity.</summary>
    public Type ClrType { get; }

    public string Category { get; }

    public string Description { get; }

    /// <summary>Outcomes the activity can end with (empty when <see cref="DynamicOutcomes"/>).</summary>
    public IReadOnlyList<string> Outcomes { get; }

    /// <summary>The step names its outcomes itself (Switch, Fork, HumanTask); any <c>next</c> key is accepted.</summary>
    public bool DynamicOutcomes { get; }

    /// <summary>Can suspend the instance on a bookmark; a loop through such a step cannot spin.</summary>
    public bool Blocking { get; }

    /// <summary>The engine commits right after the step completes.</summary>
    public bool CommitAfter { get; }

    /// <summary>Inputs in declaration order.</summary>
    public IReadOnlyList<InputDescriptor> Inputs { get; }

    /// <summary>A new instance with every input at its default.</summary>
    public Activity Create() => _factory();

    /// <summary>The input named <paramref name="name"/> (camelCase, exact).</summary>
    public bool TryGetInput(string name, out InputDescriptor input) => _inputsByName.TryGetValue(name, out input!);

    /// <summary>Whether a step of this activity may have a transition for <paramref name="outcome"/>.</summary>
    public bool CanProduce(string outcome)
        => DynamicOutcomes || outcome == StepDefinition.CatchAllOutcome || Outcomes.Contains(outcome, StringComparer.Ordinal);

    /// <summary>Converts <paramref name="value"/> to the input's CLR type and sets it on <paramref name="activity"/>.</summary>
    /// <exception cref="ActivityInputException">No such input, or the value does not fit its type.</exception>
    public void SetInput(Activity activity, string name, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!_inputsByName.TryGetValue(name, out var input))
        {
            var known = Inputs.Count == 0 ? "it takes no inputs" : "its inputs are " + string.Join(", ", Inputs.Select(i => i.Name));
            throw new ActivityInputException(Type, name, $"{Type} has no input '{name}'; {known}.");
        }
        input.Set(activity, value);
    }

    /// <summary>Sets every input in <paramref name="values"/>; see <see cref="SetInput"/>.</summary>
    public void SetInputs(Activity activity, IEnumerable<KeyValuePair<string, JsonNode?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values)
        {
            SetInput(activity, name, value);
        }
    }

    /// <summary>
    /// Prepares <paramref name="step"/> for repeated execution: literal inputs are checked and converted once,
    /// expression inputs are kept to evaluate on each <see cref="StepBinding.CreateActivity"/>.
    /// </summary>
    /// <exception cref="ActivityInputException">An input is unknown or a literal does not fit its type.</exception>
    public StepBinding Bind(StepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!string.Equals(step.Activity, Type, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Step '{step.Name}' runs {step.Activity}, not {Type}.", nameof(step));
        }
        var literals = new List<Action<Activity>>();
        var expressions = new List<(InputDescriptor, object?)>();
        foreach (var (name, value) in step.Inputs)
        {
            if (!_inputsByName.TryGetValue(name, out var input))
            {
                SetInput(Create(), name, value);
                continue;
            }
            if (InputExpressions.IsExpression(value))
            {
                expressions.Add((input, value!.GetValue<string>()[1..]));
            }
            else if (InputExpressions.ContainsExpression(value))
            {
                expressions.Add((input, value));
            }
            else
            {
                literals.Add(input.Prepare(InputExpressions.Resolve(value, static _ => null)));
            }
        }
        return new StepBinding(step, this, [.. literals], [.. expressions]);
    }

    internal static ActivityDescriptor Describe(Type clrType)
    {
        if (!typeof(Activity).IsAssignableFrom(clrType) || clrType.IsAbstract || clrType.IsGenericTypeDefinition)
        {
            throw new ArgumentException($"{clrType.FullName} is not a concrete class deriving from {nameof(Activity)}.", nameof(clrType));
        }
        var attribute = clrType.GetCustomAttribute<ActivityAttribute>(inherit: false)
            ?? throw new ArgumentException($"{clrType.FullName} has no [Activity(\"Type\")] attribute; add one to name the activity for definitions.", nameof(clrType));
        if (string.IsNullOrWhiteSpace(attribute.Type))
        {
            throw new ArgumentException($"{clrType.FullName} has an empty activity type name.", nameof(clrType));
        }
        var constructor = clrType.GetConstructor(System.Type.EmptyTypes)
            ?? throw new ArgumentException($"Activity {attribute.Type} ({clrType.FullName}) needs a public parameterless constructor; take services from ActivityContext.Services.", nameof(clrType));
        var factory = Expression.Lambda<Func<Activity>>(Expression.New(constructor)).Compile();
        var prototype = factory();
        var inputs = new List<InputDescriptor>();
        foreach (var property in clrType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var inputAttribute = property.GetCustomAttribute<InputAttribute>(inherit: true);
            if (inputAttribute is null)
            {
                continue;
            }
            if (property.SetMethod is not { IsPublic: true })
            {
                throw new ArgumentException($"Input {property.Name} of activity {attribute.Type} needs a public setter.", nameof(clrType));
            }
            inputs.Add(InputDescriptor.Describe(attribute.Type, property, inputAttribute, prototype));
        }
        return new ActivityDescriptor(clrType, attribute, factory, inputs);
    }
}

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
        if (value is null || (typeof(TValue).IsValueType && Nullable.GetUnderlyingType(typeof(TValue)) is null && EqualityComparer<TValue>.Default.Equals(value, default!)))
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

/// <summary>A step bound to its activity type, ready to create configured activities quickly; see <see cref="ActivityDescriptor.Bind"/>.</summary>
public sealed class StepBinding
{
    private readonly Action<Activity>[] _literals;
    private readonly (InputDescriptor Input, object? Value)[] _expressions;

    internal StepBinding(StepDefinition step, ActivityDescriptor activity, Action<Activity>[] literals, (InputDescriptor, object?)[] expressions)
    {
        Step = step;
        Activity = activity;
        _literals = literals;
        _expressions = expressions;
    }

    public StepDefinition Step { get; }

    public ActivityDescriptor Activity { get; }

    /// <summary>Whether any input holds an expression (if not, <see cref="CreateActivity"/> never calls its evaluator).</summary>
    public bool HasExpressions => _expressions.Length > 0;

    /// <summary>A new activity with every input set; <paramref name="evaluate"/> gets each expression's text after '='.</summary>
    /// <exception cref="ActivityInputException">An expression's value does not fit its input.</exception>
    public Activity CreateActivity(Func<string, JsonNode?> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        var activity = Activity.Create();
        foreach (var set in _literals)
        {
            set(activity);
        }
        foreach (var (input, value) in _expressions)
        {
            // A whole input that is one expression (the common case) is evaluated without walking or copying.
            input.Set(activity, value is string expression ? evaluate(expression) : InputExpressions.Resolve((JsonNode?)value, evaluate));
        }
        return activity;
    }
}

/// <summary>A step input could not be set on its activity: unknown name or a value of the wrong type.</summary>
public sealed class ActivityInputException : Exception
{
    public ActivityInputException()
    {
    }

    public ActivityInputException(string message)
        : base(message)
    {
    }

    public ActivityInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ActivityInputException(string activityType, string input, string message)
        : base(message)
    {
        ActivityType = activityType;
        Input = input;
    }

    public string? ActivityType { get; }

    public string? Input { get; }
}
