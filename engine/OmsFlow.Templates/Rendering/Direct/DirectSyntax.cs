using System.Text;

namespace OmsFlow.Templates.Rendering.Direct;

/// <summary>A template construct the direct renderer does not handle; the template is rendered by Handlebars.Net instead.</summary>
internal sealed class DirectUnsupportedException(string reason) : Exception(reason);

/// <summary>A value expression inside a tag: a path, a literal or a helper call.</summary>
internal abstract class DirectExpression
{
    public abstract object? Evaluate(DirectRun run);
}

/// <summary>A literal argument (<c>"EUR"</c>, <c>2</c>, <c>true</c>).</summary>
internal sealed class LiteralExpression(object? value) : DirectExpression
{
    public override object? Evaluate(DirectRun run) => value;
}

/// <summary>
/// A path: <c>name.first</c>, <c>this</c>, <c>../currency</c> (<see cref="Up"/> frames up), <c>@root.shop</c>,
/// or a data variable (<c>@index</c>, <c>@first</c>, <c>@last</c>, <c>@key</c>).
/// </summary>
internal sealed class PathExpression : DirectExpression
{
    public PathExpression(int up, bool fromRoot, string? dataVariable, string[] segments)
    {
        Up = up;
        FromRoot = fromRoot;
        DataVariable = dataVariable;
        Segments = segments;
        Utf8Segments = [.. segments.Select(Encoding.UTF8.GetBytes)];
        IsSingleMember = dataVariable is null && !fromRoot && segments.Length == 1;
    }

    /// <summary>One member of a frame (<c>name</c>, <c>../currency</c>): the path every loop body is made of.</summary>
    public bool IsSingleMember { get; }

    public int Up { get; }

    public bool FromRoot { get; }

    public string? DataVariable { get; }

    public string[] Segments { get; }

    /// <summary>The segments as UTF-8, for property lookups on JSON without transcoding per render.</summary>
    public byte[][] Utf8Segments { get; }

    public override object? Evaluate(DirectRun run) => run.Resolve(this);
}

/// <summary>A helper call, as a mustache (<c>{{money total currency}}</c>) or a subexpression (<c>(eq a b)</c>).</summary>
internal sealed class HelperExpression(string name, DirectExpression[] arguments, (string Name, DirectExpression Value)[] hash) : DirectExpression
{
    public string Name { get; } = name;

    public DirectExpression[] Arguments { get; } = arguments;

    public (string Name, DirectExpression Value)[] Hash { get; } = hash;

    /// <summary><c>money amount currency</c> without options: the call the direct renderer formats itself.</summary>
    public bool IsMoney { get; } = name == "money" && arguments.Length == 2 && hash.Length == 0;

    public override object? Evaluate(DirectRun run) => run.CallHelper(this);
}

/// <summary>A piece of a compiled template.</summary>
internal abstract class DirectNode
{
    public abstract void Render(DirectRun run);
}

internal sealed class TextNode(string text) : DirectNode
{
    public string Text { get; } = text;

    public override void Render(DirectRun run) => run.Output.Append(Text);
}

/// <summary><c>{{value}}</c> (encoded for the output mode) or <c>{{{value}}}</c> (raw).</summary>
internal sealed class ValueNode(DirectExpression expression, bool raw) : DirectNode
{
    public override void Render(DirectRun run)
    {
        switch (expression)
        {
            case PathExpression path:
                run.WritePath(path, raw);
                break;
            case HelperExpression { IsMoney: true } money:
                if (!run.TryWriteMoney(money, raw))
                {
                    run.Write(run.CallRegisteredHelper(money), raw);
                }

                break;
            case HelperExpression { Name: "address" } address:
                run.WriteAddress(address, raw);
                break;
            default:
                run.Write(expression.Evaluate(run), raw);
                break;
        }
    }
}

/// <summary>The built-in blocks <c>if</c>, <c>unless</c>, <c>each</c> and <c>with</c>, with an optional <c>{{else}}</c>.</summary>
internal sealed class BlockNode(BlockKind kind, DirectExpression subject, DirectNode[] body, DirectNode[] inverse) : DirectNode
{
    public override void Render(DirectRun run)
    {
        switch (kind)
        {
            case BlockKind.If:
                run.RenderAll(run.IsTruthy(subject) ? body : inverse);
                break;
            case BlockKind.Unless:
                run.RenderAll(run.IsTruthy(subject) ? inverse : body);
                break;
            case BlockKind.With:
                run.With(subject, body, inverse);
                break;
            default:
                if (!run.Each(subject, body))
                {
                    run.RenderAll(inverse);
                }

                break;
        }
    }
}

internal enum BlockKind
{
    If,
    Unless,
    Each,
    With,
}

/// <summary><c>{{> name [context] [key=value...]}}</c>, <c>{{> @partial-block}}</c>, or a partial block <c>{{#> layout}}...{{/layout}}</c>.</summary>
internal sealed class PartialNode(string name, DirectExpression? context, (string Name, DirectExpression Value)[] hash, DirectNode[]? block) : DirectNode
{
    public override void Render(DirectRun run) => run.RenderPartial(name, context, hash, block);
}
