using OmsFlow.Server.Http;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OmsFlow.Server.Security;

/// <summary>
/// Rejects definition documents (and =expressions in them) nested deeper than <see cref="MaxDepth"/> before any recursive reader or parser sees them:
/// a few kilobytes of <c>[[[[...</c> would otherwise exhaust the stack, which no catch block can handle.
/// </summary>
/// <remarks>
/// Depth is measured with YamlDotNet's event parser, which is iterative, so the check itself cannot overflow.
/// JSON documents are YAML too. Documents the parser rejects pass through, for the real reader to report with
/// line:column. Bodies over the size limit pass through to the endpoint's own 413.
/// </remarks>
internal sealed class DocumentNestingFilter : IEndpointFilter
{
    /// <summary>Deepest nesting of mappings and sequences accepted; real workflows stay far below.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes a document may have once aliases are expanded (stops "billion laughs" alias bombs).</summary>
    public const long MaxExpandedNodes = 200_000;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method))
        {
            request.EnableBuffering(JsonBody.MaxBytes + 1);
            var buffer = new char[JsonBody.MaxBytes + 1];
            int read;
            using (var reader = new StreamReader(request.Body, leaveOpen: true))
            {
                read = await reader.ReadBlockAsync(buffer, context.HttpContext.RequestAborted).ConfigureAwait(false);
            }
            request.Body.Position = 0;
            if (read <= JsonBody.MaxBytes && Inspect(new string(buffer, 0, read)) is { } problem)
            {
                return Problems.BadRequest(problem);
            }
        }
        return await next(context).ConfigureAwait(false);
    }

    /// <summary>Deepest bracket nesting of an <c>=expression</c> outside string literals (0 for other scalars).</summary>
    public static int ExpressionDepth(string value)
    {
        if (value is null || value.Length <= MaxDepth || !value.TrimStart().StartsWith('='))
        {
            return 0;
        }
        int depth = 0, deepest = 0;
        char? quote = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
                continue;
            }
            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '(' or '[' or '{':
                    deepest = Math.Max(deepest, ++depth);
                    break;
                case ')' or ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
            }
        }
        return deepest;
    }

    /// <summary>What makes the document too deep or too big once aliases expand (with line:column), or null.</summary>
    public static string? Inspect(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        // One frame per open mapping/sequence: its anchor and the expanded node count of its content so far.
        var frames = new Stack<(string? Anchor, long Nodes)>();
        frames.Push((null, 0));
        var lastGood = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                lastGood = current.End;
                long added = 0;
                switch (current)
                {
                    case SequenceStart or MappingStart:
                        if (frames.Count > MaxDepth)
                        {
                            return $"The document nests deeper than {MaxDepth} levels at line {current.Start.Line}, column {current.Start.Column}; flatten it.";
                        }
                        frames.Push((((NodeEvent)current).Anchor.IsEmpty ? null : ((NodeEvent)current).Anchor.Value, 0));
                        continue;
                    case SequenceEnd or MappingEnd:
                        var (anchor, nodes) = frames.Pop();
                        added = nodes + 1;
                        if (anchor is not null)
                        {
                            anchors[anchor] = added;
                        }
                        break;
                    case Scalar scalar:
                        added = 1;
                        if (ExpressionDepth(scalar.Value) > MaxDepth)
                        {
                            return $"The expression at line {current.Start.Line}, column {current.Start.Column} nests brackets deeper than {MaxDepth} levels; split it into variables.";
                        }
                        if (!scalar.Anchor.IsEmpty)
                        {
                            anchors[scalar.Anchor.Value] = 1;
                        }
                        break;
                    case AnchorAlias alias:
                        added = anchors.GetValueOrDefault(alias.Value.Value, 1);
                        break;
                    default:
                        continue;
                }
                var (frameAnchor, frameNodes) = frames.Pop();
                if (frameNodes + added > MaxExpandedNodes)
                {
                    return $"The document expands to more than {MaxExpandedNodes} nodes at line {current.Start.Line}, column {current.Start.Column} (YAML aliases repeat whole subtrees); write it without nested aliases.";
                }
                frames.Push((frameAnchor, frameNodes + added));
            }
        }
        catch (YamlException)
        {
            // Not YAML: the document reader reports the syntax error with its position.
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (instead of a YamlException) on some malformed input; the document
            // reader would fail the same way, so answer here with the last position read correctly.
            return $"The document is not valid YAML after line {lastGood.Line}, column {lastGood.Column}; check the brackets, colons and indentation there.";
        }
        return null;
    }
}
