using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json.Nodes;
using OmsFlow.Workflows.Definitions;

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

    /// <summary>
    /// The toolbox entry the designer shows: type, category, description, outcomes, flags and inputs
    /// (name, type, required, description, sensitive, options, editor, default).
    /// </summary>
    public JsonObject ToJson()
    {
        var inputs = new JsonArray();
        foreach (var input in Inputs)
        {
            var node = new JsonObject
            {
                ["name"] = input.Name,
                ["type"] = ValueTypeNames.Name(input.ValueType),
                ["required"] = input.Required,
                ["description"] = input.Description,
                ["sensitive"] = input.Sensitive,
            };
            if (input.Options is { } options)
            {
                node["options"] = new JsonArray([.. options.Select(o => (JsonNode?)o)]);
            }
            if (input.Editor is { } editor)
            {
                node["editor"] = editor;
            }
            if (input.Default is { } defaultValue)
            {
                node["default"] = defaultValue.DeepClone();
            }
            inputs.Add(node);
        }
        return new JsonObject
        {
            ["type"] = Type,
            ["category"] = Category,
            ["description"] = Description,
            ["outcomes"] = new JsonArray([.. Outcomes.Select(o => (JsonNode?)o)]),
            ["dynamicOutcomes"] = DynamicOutcomes,
            ["blocking"] = Blocking,
            ["commitAfter"] = CommitAfter,
            ["inputs"] = inputs,
        };
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
