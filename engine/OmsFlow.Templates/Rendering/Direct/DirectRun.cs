using System.Globalization;
using System.Text.Json;
using OmsFlow.Templates.Helpers;

namespace OmsFlow.Templates.Rendering.Direct;

/// <summary>
/// The state of one direct render: the output, the stack of contexts (each <c>each</c> item, <c>with</c> value and
/// partial context is a frame, so <c>../</c> walks down it), and the partial block in scope. Reused per thread.
/// </summary>
/// <remarks>
/// A frame holds either a CLR value (the root's <see cref="DirectObject"/>, a partial's hash value) or a JSON element
/// read straight from the document (an <c>each</c> item). JSON values stay elements until they are written, tested or
/// passed to a helper, so the common template (a loop printing fields and money of each line) allocates nothing per line.
/// </remarks>
internal sealed partial class DirectRun
{
    private const int MaxDepth = 256;

    [ThreadStatic]
    private static DirectRun? cached;

    private Frame[] _frames = new Frame[16];
    private int _depth;
    private object? _root;
    private PartialBlock? _partialBlock;
    private OutputMode _mode;
    private CultureInfo _culture = CultureInfo.InvariantCulture;
    private IFormatProvider _numberFormat = CultureInfo.InvariantCulture;
    private HelperTable _helpers = null!;
    private Func<OutputMode, string, DirectNode[]?> _partials = null!;

    private struct Frame
    {
        public object? Value;
        public JsonElement Element;
        public bool IsElement;
        public bool IsItem;
        public Dictionary<string, object?>? Hash;
        public int Index;
        public int Count;
        public string? Key;
    }

    private sealed record PartialBlock(DirectNode[] Body, PartialBlock? Outer);

    public DirectOutput Output { get; } = new();

    /// <summary>Renders <paramref name="nodes"/> over <paramref name="model"/> (a JsonElement or a <see cref="DirectObject"/>) to a string.</summary>
    /// <param name="numberFormat">How numbers written as they are print: Handlebars.Net's format provider for the mode.</param>
    public static string Render(
        DirectNode[] nodes, object model, OutputMode mode, HelperTable helpers, IFormatProvider numberFormat, Func<OutputMode, string, DirectNode[]?> partials)
    {
        // A helper could render another template on this thread; only an idle instance is reused.
        var run = cached ?? new DirectRun();
        cached = null;
        run._mode = mode;
        run._helpers = helpers;
        run._partials = partials;
        run._culture = RenderScope.Current.Culture;
        run._numberFormat = numberFormat;
        run._numberDecimalSeparator = NumberFormatInfo.GetInstance(numberFormat).NumberDecimalSeparator;
        run._numberDecimalEncoded = run.NeedsEncoding(run._numberDecimalSeparator);
        run._moneyCurrency = null;
        run._root = model is JsonElement element ? DirectModel.Wrap(element) : model;
        run._depth = 0;
        run._partialBlock = null;
        run.Output.Clear();
        try
        {
            run.Push(run._root);
            run.RenderAll(nodes);
            return run.Output.ToString();
        }
        finally
        {
            Array.Clear(run._frames);
            run._root = null;
            run.ReleaseScratch();
            cached = run;
        }
    }

    public void RenderAll(DirectNode[] nodes)
    {
        foreach (var node in nodes)
        {
            node.Render(this);
        }
    }

    public void Push(object? value, Dictionary<string, object?>? hash = null) =>
        NextFrame(value, default, isElement: false, item: false, hash);

    private void PushElement(JsonElement element, bool item) => NextFrame(null, element, isElement: true, item, hash: null);

    // A popped frame keeps its references until a push overwrites it or the render ends (the frames are cleared then):
    // zeroing a struct that holds references costs a bulk write-barrier copy per loop item.
    public void Pop() => _depth--;

    /// <summary>Sets up the next frame field by field (assigning a whole struct with references goes through a copy helper).</summary>
    private void NextFrame(object? value, JsonElement element, bool isElement, bool item, Dictionary<string, object?>? hash)
    {
        // A partial that includes itself would otherwise recurse until the stack overflows and takes the process down.
        if (_depth >= MaxDepth)
        {
            throw new TemplateRenderException($"blocks and partials nested deeper than {MaxDepth} levels; does a partial include itself?");
        }

        if (_depth == _frames.Length)
        {
            Array.Resize(ref _frames, _depth * 2);
        }

        ref var frame = ref _frames[_depth++];
        frame.Value = value;
        frame.Element = element;
        frame.IsElement = isElement;
        frame.IsItem = item;
        frame.Hash = hash;
        frame.Index = -1;
        frame.Count = 0;
        frame.Key = null;
    }

    /// <summary>Handlebars truthiness of <paramref name="subject"/>: null, false, 0, "" and empty arrays are false.</summary>
    public bool IsTruthy(DirectExpression subject) =>
        subject is PathExpression path && ResolveJson(path, out var json, out _) ? IsTruthy(json) : IsTruthy(subject.Evaluate(this));

    /// <summary>Handlebars.Net's truthiness: null, false, 0, "", empty arrays and empty objects are false.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        DirectObject obj => obj.Source.GetPropertyCount() > 0,
        JsonElement { ValueKind: JsonValueKind.Object } json => json.GetPropertyCount() > 0,
        _ => HelperValue.IsTruthy(DirectModel.ForHelper(value)),
    };

    /// <summary>The truthiness of the element's CLR value, without converting it.</summary>
    private static bool IsTruthy(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(json).Length > 2,
        JsonValueKind.Number => json.TryGetDecimal(out var number) ? number != 0 : json.GetDouble() != 0,
        JsonValueKind.True => true,
        JsonValueKind.Object => json.GetPropertyCount() > 0,
        JsonValueKind.Array => json.GetArrayLength() > 0,
        _ => false,
    };

    /// <summary><c>{{#with subject}}</c>: the body in the subject's context when it is truthy, else the inverse.</summary>
    public void With(DirectExpression subject, DirectNode[] body, DirectNode[] inverse)
    {
        if (subject is PathExpression path && ResolveJson(path, out var json, out _, out var item))
        {
            if (!IsTruthy(json))
            {
                RenderAll(inverse);
                return;
            }

            PushElement(json, item);
        }
        else
        {
            var value = subject.Evaluate(this);
            if (!IsTruthy(value))
            {
                RenderAll(inverse);
                return;
            }

            Push(value);
        }

        RenderAll(body);
        Pop();
    }

    /// <summary>Renders <paramref name="body"/> once per array item or object property; false when there was none.</summary>
    public bool Each(DirectExpression subject, DirectNode[] body)
    {
        object? value;
        if (subject is PathExpression path && ResolveJson(path, out var json, out _))
        {
            switch (json.ValueKind)
            {
                case JsonValueKind.Array:
                    return EachItem(json, body);
                case JsonValueKind.Object:
                    return EachProperty(json, body);
                default:
                    value = JsonElementDescriptorProvider.Scalar(json);
                    break;
            }
        }
        else
        {
            value = subject.Evaluate(this);
        }

        return value switch
        {
            DirectArray array => EachItem(array.Source, body),
            DirectObject obj => EachProperty(obj.Source, body),
            JsonElement { ValueKind: JsonValueKind.Array } array => EachItem(array, body),
            JsonElement { ValueKind: JsonValueKind.Object } obj => EachProperty(obj, body),
            null or false or string { Length: 0 } => false,
            _ => throw new DirectUnsupportedException("each over a value that is not a JSON array or object"),
        };
    }

    private bool EachItem(JsonElement array, DirectNode[] body)
    {
        var count = array.GetArrayLength();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            RenderIteration(item, null, index++, count, body);
        }

        return count > 0;
    }

    private bool EachProperty(JsonElement obj, DirectNode[] body)
    {
        var count = obj.GetPropertyCount();
        var index = 0;
        foreach (var property in obj.EnumerateObject())
        {
            RenderIteration(property.Value, property.Name, index++, count, body);
        }

        return count > 0;
    }

    private void RenderIteration(JsonElement item, string? key, int index, int count, DirectNode[] body)
    {
        PushElement(item, item: true);
        ref var frame = ref _frames[_depth - 1];
        frame.Index = index;
        frame.Count = count;
        frame.Key = key;
        RenderAll(body);
        Pop();
    }

    public void RenderPartial(string name, DirectExpression? context, (string Name, DirectExpression Value)[] hash, DirectNode[]? block)
    {
        if (name == "@partial-block")
        {
            var current = _partialBlock ?? throw new DirectUnsupportedException("@partial-block outside a partial block");
            _partialBlock = current.Outer;
            RenderAll(current.Body);
            _partialBlock = current;
            return;
        }

        var nodes = _partials(_mode, name) ?? throw new DirectUnsupportedException($"partial '{name}' is missing or not directly renderable");
        Dictionary<string, object?>? values = null;
        if (hash.Length > 0)
        {
            values = new Dictionary<string, object?>(hash.Length, StringComparer.Ordinal);
            foreach (var (key, value) in hash)
            {
                values[key] = value.Evaluate(this);
            }
        }

        var outer = _partialBlock;
        if (block is not null)
        {
            _partialBlock = new PartialBlock(block, outer);
        }

        if (context is null)
        {
            // The partial sees the current context; only its own hash and a fresh @index scope are new.
            ref var current = ref _frames[_depth - 1];
            NextFrame(current.Value, current.Element, current.IsElement, current.IsItem, values);
        }
        else if (context is PathExpression path && ResolveJson(path, out var json, out _, out var item))
        {
            PushElement(json, item);
            _frames[_depth - 1].Hash = values;
        }
        else
        {
            Push(context.Evaluate(this), values);
        }

        RenderAll(nodes);
        Pop();
        _partialBlock = outer;
    }
}
