namespace OmsFlow.Templates.Validation;

/// <summary>The kind of a mustache tag.</summary>
internal enum TagKind
{
    Comment,
    Expression,
    RawExpression,
    BlockOpen,
    InverseOpen,
    Else,
    BlockClose,
    Partial,
    PartialBlockOpen,
}

/// <summary>A <c>{{...}}</c> tag: its kind, its inner text and where that text starts.</summary>
internal sealed record Tag(TagKind Kind, string Body, int Offset, int Line, int Column);

/// <summary>
/// Splits a Handlebars template into tags with exact line:column positions. Handlebars.Net's own parser reports
/// positions that drift across lines, so validation and compile errors use this scanner to point at the right spot.
/// </summary>
internal sealed class TemplateScanner
{
    private readonly string text;
    private readonly string template;
    private readonly int[] lineStarts;

    public TemplateScanner(string text, string template)
    {
        this.text = text;
        this.template = template;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        lineStarts = [.. starts];
    }

    public (int Line, int Column) Position(int offset)
    {
        var index = Array.BinarySearch(lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - lineStarts[line] + 1);
    }

    public List<Tag> Scan(List<TemplateProblem> problems)
    {
        var tags = new List<Tag>();
        var blocks = new Stack<(string Name, Tag Tag)>();
        var i = 0;
        while ((i = text.IndexOf("{{", i, StringComparison.Ordinal)) >= 0)
        {
            if (i > 0 && text[i - 1] == '\\')
            {
                i += 2;
                continue;
            }

            var start = i;
            var triple = i + 2 < text.Length && text[i + 2] == '{';
            var bodyStart = i + (triple ? 3 : 2);
            if (bodyStart < text.Length && text[bodyStart] == '~')
            {
                bodyStart++;
            }

            var longComment = string.CompareOrdinal(text, bodyStart, "!--", 0, 3) == 0;
            var closer = triple ? "}}}" : longComment ? "--}}" : "}}";
            var end = FindClose(bodyStart, closer, longComment || (bodyStart < text.Length && text[bodyStart] == '!'));
            if (end < 0)
            {
                Add(problems, TemplateProblemCodes.Syntax, $"'{text.Substring(start, triple ? 3 : 2)}' is never closed; add '{closer}'.", start);
                break;
            }

            var bodyEnd = end > bodyStart && text[end - 1] == '~' ? end - 1 : end;
            if (longComment)
            {
                bodyEnd = end;
            }

            i = end + closer.Length;
            var tag = Classify(text[bodyStart..bodyEnd], bodyStart, triple);
            tags.Add(tag);
            TrackBlocks(tag, blocks, problems);
        }

        foreach (var (name, open) in blocks)
        {
            Add(problems, TemplateProblemCodes.UnclosedBlock, $"Block '{name}' opened here is never closed; add '{{{{/{name}}}}}'.", open.Offset);
        }

        return tags;
    }

    private int FindClose(int from, string closer, bool comment)
    {
        var quote = '\0';
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (!comment && quote == '\0' && c is '"' or '\'')
            {
                quote = c;
            }
            else if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (string.CompareOrdinal(text, i, closer, 0, closer.Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private Tag Classify(string body, int offset, bool triple)
    {
        var (line, column) = Position(offset);
        if (triple)
        {
            return new Tag(TagKind.RawExpression, body.Trim(), offset, line, column);
        }

        if (body.Length == 0)
        {
            return new Tag(TagKind.Expression, body, offset, line, column);
        }

        var trimmed = body.TrimStart();
        var lead = body.Length - trimmed.Length;
        (TagKind Kind, int Skip) kind = trimmed switch
        {
            ['!', ..] => (TagKind.Comment, 1),
            ['#', '>', ..] => (TagKind.PartialBlockOpen, 2),
            ['#', '*', ..] => (TagKind.BlockOpen, 2),
            ['#', ..] => (TagKind.BlockOpen, 1),
            ['^', ..] when trimmed.Trim().Length == 1 => (TagKind.Else, 1),
            ['^', ..] => (TagKind.InverseOpen, 1),
            ['/', ..] => (TagKind.BlockClose, 1),
            ['>', ..] => (TagKind.Partial, 1),
            ['&', ..] => (TagKind.RawExpression, 1),
            _ when trimmed == "else" || trimmed.StartsWith("else ", StringComparison.Ordinal) => (TagKind.Else, 4),
            _ => (TagKind.Expression, 0),
        };
        var inner = trimmed[kind.Skip..];
        var innerLead = inner.Length - inner.TrimStart().Length;
        var innerOffset = offset + lead + kind.Skip + innerLead;
        var (innerLine, innerColumn) = Position(innerOffset);
        return new Tag(kind.Kind, inner.Trim(), innerOffset, innerLine, innerColumn);
    }

    private void TrackBlocks(Tag tag, Stack<(string Name, Tag Tag)> blocks, List<TemplateProblem> problems)
    {
        switch (tag.Kind)
        {
            case TagKind.BlockOpen or TagKind.InverseOpen or TagKind.PartialBlockOpen:
                blocks.Push((HeadOf(tag.Body), tag));
                break;
            case TagKind.BlockClose:
                var name = tag.Body.Trim();
                if (blocks.Count == 0)
                {
                    Add(problems, TemplateProblemCodes.MismatchedBlock, $"'{{{{/{name}}}}}' closes a block that was never opened; remove it or add '{{{{#{name}}}}}'.", tag.Offset);
                }
                else if (blocks.Peek().Name != name)
                {
                    var open = blocks.Peek();
                    Add(problems, TemplateProblemCodes.MismatchedBlock, $"'{{{{/{name}}}}}' closes '{open.Name}' opened at {open.Tag.Line}:{open.Tag.Column}; write '{{{{/{open.Name}}}}}'.", tag.Offset);
                    blocks.Pop();
                }
                else
                {
                    blocks.Pop();
                }

                break;
        }
    }

    internal static string HeadOf(string body)
    {
        var end = 0;
        while (end < body.Length && !char.IsWhiteSpace(body[end]) && body[end] != '(')
        {
            end++;
        }

        return body[..end];
    }

    private void Add(List<TemplateProblem> problems, string code, string message, int offset)
    {
        var (line, column) = Position(offset);
        problems.Add(new TemplateProblem(code, message, line, column, template));
    }
}
