using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OmsFlow.Templates.Helpers;

namespace OmsFlow.Templates.Rendering.Direct;

/// <summary>
/// The state of one direct render: the output, the stack of contexts (each <c>each</c> item, <c>with</c> value and
/// partial context is a frame, so <c>../</c> walks down it), and the partial block in scope. Reused per thread.
/// </summary>
internal sealed partial class DirectRun
{
    private static readonly SearchValues<char> HtmlSpecials = SearchValues.Create("&<>\"'`=");

    private const int MaxDepth = 256;

    [ThreadStatic]
    private static DirectRun? cached;

    private Frame[] _frames = new Frame[16];
    private int _depth;
    private object? _root;
    private PartialBlock? _partialBlock;
    private OutputMode _mode;
    private HelperTable _helpers = null!;
    private Func<OutputMode, string, DirectNode[]?> _partials = null!;

    private struct Frame
    {
        public object? Value;
        public Dictionary<string, object?>? Hash;
        public int Index;
        public int Count;
        public string? Key;
    }

    private sealed record PartialBlock(DirectNode[] Body, PartialBlock? Outer);

    public StringBuilder Output { get; } = new();

    /// <summary>Renders <paramref name="nodes"/> over <paramref name="model"/> (a JsonElement or a <see cref="DirectObject"/>) to a string.</summary>
    public static string Render(DirectNode[] nodes, object model, OutputMode mode, HelperTable helpers, Func<OutputMode, string, DirectNode[]?> partials)
    {
        // A helper could render another template on this thread; only an idle instance is reused.
        var run = cached ?? new DirectRun();
        cached = null;
        run._mode = mode;
        run._helpers = helpers;
        run._partials = partials;
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
            if (run.Output.Capacity > 1 << 20)
            {
                run.Output.Capacity = 1 << 12;
            }

            Array.Clear(run._frames);
            run._root = null;
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

    public void Push(object? value, Dictionary<string, object?>? hash = null)
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

        _frames[_depth++] = new Frame { Value = value, Hash = hash, Index = -1 };
    }

    public void Pop() => _frames[--_depth] = default;

    /// <summary>Renders <paramref name="body"/> once per array item or object property; false when there was none.</summary>
    public bool Each(object? value, DirectNode[] body)
    {
        switch (value)
        {
            case DirectArray array:
                var items = array.Items;
                for (var i = 0; i < items.Length; i++)
                {
                    EachItem(items[i], null, i, items.Length, body);
                }

                return items.Length > 0;
            case DirectObject obj:
                var count = obj.Source.GetPropertyCount();
                var index = 0;
                foreach (var property in obj.Source.EnumerateObject())
                {
                    EachItem(DirectModel.Wrap(property.Value), property.Name, index++, count, body);
                }

                return count > 0;
            case null or false or string { Length: 0 }:
                return false;
            default:
                throw new DirectUnsupportedException("each over a value that is not a JSON array or object");
        }
    }

    private void EachItem(object? item, string? key, int index, int count, DirectNode[] body)
    {
        Push(item);
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

        Push(context is null ? _frames[_depth - 1].Value : context.Evaluate(this), values);
        RenderAll(nodes);
        Pop();
        _partialBlock = outer;
    }

    /// <summary>Handlebars truthiness: null, false, 0, "" and empty arrays are false.</summary>
    public static bool IsTruthy(object? value) => HelperValue.IsTruthy(DirectModel.ForHelper(value));

    /// <summary>Writes a value: strings encoded for the mode unless <paramref name="raw"/>, numbers as Handlebars.Net prints them.</summary>
    public void Write(object? value, bool raw)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                WriteText(text, raw);
                return;
            case bool flag:
                WriteText(flag ? "True" : "False", raw);
                return;
            case decimal or int or long or double:
                WriteText(Convert.ToString(value, CultureInfo.CurrentCulture) ?? string.Empty, raw);
                return;
            default:
                throw new DirectUnsupportedException($"writing a {value.GetType().Name}");
        }
    }

    private void WriteText(string text, bool raw)
    {
        if (raw || _mode == OutputMode.Text)
        {
            Output.Append(text);
        }
        else if (_mode == OutputMode.Html)
        {
            WriteHtml(text);
        }
        else
        {
            WriteZpl(text);
        }
    }

    /// <summary>Escapes the characters handlebars.js escapes: &amp; &lt; &gt; " ' ` =.</summary>
    private void WriteHtml(string text)
    {
        var span = text.AsSpan();
        while (true)
        {
            var next = span.IndexOfAny(HtmlSpecials);
            if (next < 0)
            {
                Output.Append(span);
                return;
            }

            Output.Append(span[..next]);
            Output.Append(span[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#x27;",
                '`' => "&#x60;",
                _ => "&#x3D;",
            });
            span = span[(next + 1)..];
        }
    }

    /// <summary>ZPL field data under <c>^FH</c>: the same escapes as <see cref="ZplTextEncoder"/>.</summary>
    private void WriteZpl(string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '^': Output.Append("_5E"); break;
                case '~': Output.Append("_7E"); break;
                case '_': Output.Append("_5F"); break;
                case '\r' or '\n': Output.Append(' '); break;
                default: Output.Append(c); break;
            }
        }
    }
}
