using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OmsFlow.Workflows.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OmsFlow.Workflows.Definitions;

/// <summary>What reading a YAML (or JSON) document produced: its JSON value, where every part was written, and problems.</summary>
internal sealed record YamlDocument(JsonNode? Root, SourceMap Source, IReadOnlyList<DefinitionProblem> Problems);

/// <summary>
/// Reads YAML (JSON being a subset) into JSON nodes with the YAML 1.2 core schema, recording the position of every
/// key and item by path (<c>steps.check.inputs.condition</c>, <c>triggers[0].hook</c>) and reporting duplicate keys.
/// </summary>
/// <remarks>
/// Works on parser events rather than YamlDotNet's representation model so that a duplicate key is reported with
/// its position instead of failing the whole document, and plain scalars resolve as YAML 1.2 does
/// (<c>yes</c> stays a string; <c>true</c>, <c>12</c>, <c>1.5</c>, <c>null</c> do not).
/// </remarks>
internal sealed partial class YamlDocumentReader
{
    private const string StringTag = "tag:yaml.org,2002:str";

    private readonly string? _file;
    private readonly string[] _lines;
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScalarText> _scalars = new(StringComparer.Ordinal);
    /// <summary>Bounds what a document may expand to, so a few nested aliases cannot exhaust memory ("billion laughs").</summary>
    private const int MaxNodes = 200_000;

    /// <summary>Bounds nesting, so the recursive reading here and in later passes cannot overflow the stack.</summary>
    private const int MaxDepth = 64;

    private readonly Dictionary<string, (JsonNode? Node, int Size)> _anchors = new(StringComparer.Ordinal);
    private int _nodes;
    private int _depth;
    private readonly List<DefinitionProblem> _problems = [];
    private readonly Parser _parser;

    private YamlDocumentReader(string text, string? file)
    {
        _file = file;
        _lines = text.Split('\n');
        _parser = new Parser(new StringReader(text));
    }

    public static YamlDocument Read(string text, string? file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            // YAML accepts JSON with trailing or missing commas; JSON from the API is held to JSON's own grammar.
            if (CheckJson(text, file) is { } jsonProblem)
            {
                return new YamlDocument(null, new SourceMap(file, []), [jsonProblem]);
            }
            // JSON may be indented with tabs, which YAML forbids; outside strings (where JSON forbids raw tabs) they are plain spaces.
            text = text.Replace('\t', ' ');
        }
        var reader = new YamlDocumentReader(text, file);
        JsonNode? root = null;
        try
        {
            root = reader.ReadStream();
        }
        catch (YamlException error)
        {
            reader.AddSyntaxProblem(error);
        }
        catch (EndOfStreamException)
        {
            reader.Add("yaml-syntax", "The document ends before every mapping and list in it is closed; look for an unclosed '[', '{' or quote.", reader.LastPosition());
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some unterminated flow collections.
            reader.Add("yaml-syntax", "The YAML cannot be read after this point; look for an unclosed '[', '{' or quote.", reader.LastPosition());
        }
        catch (DocumentTooLargeException error)
        {
            var message = error.TooDeep
                ? $"Values are nested more than {MaxDepth} levels deep here; flatten the structure."
                : $"The document expands to more than {MaxNodes} values (through anchors and aliases?); split the workflow or remove the repeated aliases.";
            reader.Add("yaml-too-large", message, reader.LastPosition());
        }
        return new YamlDocument(root, new SourceMap(file, reader._positions, reader._scalars), reader._problems);
    }

    private SourcePosition LastPosition() => _parser.Current is { } current ? Position(current.End) : new SourcePosition(1, 1);

    private static DefinitionProblem? CheckJson(string text, string? file)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return null;
        }
        catch (System.Text.Json.JsonException error)
        {
            var message = error.Message;
            var pathStart = message.IndexOf(" Path: ", StringComparison.Ordinal);
            if (pathStart < 0)
            {
                pathStart = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
            }
            if (pathStart > 0)
            {
                message = message[..pathStart];
            }
            message = message.Replace(" Change the reader options.", string.Empty, StringComparison.Ordinal);
            var position = new SourcePosition((int)(error.LineNumber ?? 0) + 1, (int)(error.BytePositionInLine ?? 0) + 1);
            return new DefinitionProblem("json-syntax", $"{message.Trim()} Fix the JSON at this point.", ProblemSeverity.Error, file, position);
        }
    }

    private JsonNode? ReadStream()
    {
        _parser.Consume<StreamStart>();
        if (_parser.Accept<StreamEnd>(out _))
        {
            return null;
        }
        _parser.Consume<DocumentStart>();
        var root = _parser.Accept<DocumentEnd>(out _) ? null : ReadNode(string.Empty);
        _parser.Consume<DocumentEnd>();
        if (_parser.Accept<DocumentStart>(out var next))
        {
            Add("yaml-multiple-documents", "A file holds one workflow; remove the second document (after '---') or move it to its own file.", Position(next.Start));
        }
        return root;
    }

    private JsonNode? ReadNode(string path)
    {
        var current = _parser.Current ?? throw new YamlException("Unexpected end of the document.");
        var sizeBefore = _nodes;
        Count(1);
        switch (current)
        {
            case AnchorAlias alias:
                _parser.MoveNext();
                if (_anchors.TryGetValue(alias.Value.Value, out var anchored))
                {
                    Count(anchored.Size);
                    return anchored.Node?.DeepClone();
                }
                Add("yaml-unknown-alias", $"Alias '*{alias.Value.Value}' refers to no anchor defined before it; define '&{alias.Value.Value}' first.", Position(alias.Start));
                return null;
            case Scalar scalar:
                _parser.MoveNext();
                return Remember(scalar.Anchor, ReadScalar(scalar, path), sizeBefore);
            case SequenceStart sequence:
                _parser.MoveNext();
                Enter();
                var list = ReadSequence(path);
                _depth--;
                return Remember(sequence.Anchor, list, sizeBefore);
            case MappingStart mapping:
                _parser.MoveNext();
                Enter();
                var map = ReadMapping(path);
                _depth--;
                return Remember(mapping.Anchor, map, sizeBefore);
            default:
                throw new YamlException(current.Start, current.End, $"Unexpected {current.GetType().Name}.");
        }
    }

    private JsonNode? Remember(AnchorName anchor, JsonNode? node, int sizeBefore)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = (node?.DeepClone(), _nodes - sizeBefore);
        }
        return node;
    }

    private void Count(int nodes)
    {
        _nodes += nodes;
        if (_nodes > MaxNodes)
        {
            throw new DocumentTooLargeException(tooDeep: false);
        }
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new DocumentTooLargeException(tooDeep: true);
        }
    }

    private sealed class DocumentTooLargeException(bool tooDeep) : Exception
    {
        public bool TooDeep { get; } = tooDeep;
    }

    private JsonArray ReadSequence(string path)
    {
        var array = new JsonArray();
        var index = 0;
        while (!_parser.TryConsume<SequenceEnd>(out _))
        {
            var itemPath = $"{path}[{index}]";
            _positions[itemPath] = Position(_parser.Current!.Start);
            array.Add(ReadNode(itemPath));
            index++;
        }
        return array;
    }

    private JsonObject ReadMapping(string path)
    {
        var mapping = new JsonObject();
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = _parser.Current!;
            var keyPosition = Position(keyEvent.Start);
            if (keyEvent is not Scalar key)
            {
                Add("yaml-complex-key", "Keys must be plain names, not lists or mappings.", keyPosition);
                SkipNode();
                SkipNode();
                continue;
            }
            _parser.MoveNext();
            var childPath = path.Length == 0 ? key.Value : $"{path}.{key.Value}";
            if (mapping.ContainsKey(key.Value))
            {
                var first = _positions.TryGetValue(childPath, out var earlier) ? $" (first at {earlier})" : string.Empty;
                Add("duplicate-key", $"'{key.Value}' is written twice in the same mapping{first}; keep one of them.", keyPosition, childPath);
                SkipNode();
                continue;
            }
            _positions[childPath] = keyPosition;
            mapping[key.Value] = ReadNode(childPath);
        }
        return mapping;
    }

    private void SkipNode()
    {
        var depth = 0;
        do
        {
            var current = _parser.Current!;
            if (current is MappingStart or SequenceStart)
            {
                depth++;
            }
            else if (current is MappingEnd or SequenceEnd)
            {
                depth--;
            }
            _parser.MoveNext();
        }
        while (depth > 0);
    }

    private JsonNode? ReadScalar(Scalar scalar, string path)
    {
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        var isString = tag == StringTag || tag == "!" || (tag is null && scalar.Style != ScalarStyle.Plain);
        if (isString || tag is not null && !tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal))
        {
            RecordText(scalar, path);
            return JsonValue.Create(scalar.Value);
        }
        var resolved = Resolve(scalar.Value);
        if (resolved is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String)
        {
            RecordText(scalar, path);
        }
        return resolved;
    }

    /// <summary>YAML 1.2 core schema resolution of a plain scalar.</summary>
    internal static JsonNode? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (IntegerPattern().IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return JsonValue.Create(whole);
            }
            if (decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
            {
                return JsonValue.Create(big);
            }
        }
        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }
        if (FloatPattern().IsMatch(text))
        {
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return JsonValue.Create(number);
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
            {
                return JsonValue.Create(real);
            }
        }
        return JsonValue.Create(text);
    }

    /// <summary>Whether a string written plain would read back as that same string.</summary>
    internal static bool StaysStringWhenPlain(string text)
        => Resolve(text) is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String;

    private void RecordText(Scalar scalar, string path)
    {
        var start = Position(scalar.Start);
        switch (scalar.Style)
        {
            case ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted:
                _scalars[path] = new ScalarText(start with { Column = start.Column + 1 }, start.Column + 1);
                break;
            case ScalarStyle.Literal or ScalarStyle.Folded:
                var line = start.Line + 1;
                while (line <= _lines.Length && string.IsNullOrWhiteSpace(_lines[line - 1]))
                {
                    line++;
                }
                var indent = line <= _lines.Length ? _lines[line - 1].Length - _lines[line - 1].TrimStart(' ').Length + 1 : 1;
                _scalars[path] = new ScalarText(new SourcePosition(line, indent), indent);
                break;
            default:
                _scalars[path] = new ScalarText(start, start.Column);
                break;
        }
    }

    private void AddSyntaxProblem(YamlException error)
    {
        var message = MarkPrefix().Replace(error.Message, string.Empty).Trim();
        if (message.Length > 0 && !message.EndsWith('.'))
        {
            message += ".";
        }
        Add("yaml-syntax", $"{message} Check the indentation and quoting on this line or the one before it.", Position(error.Start));
    }

    private void Add(string code, string message, SourcePosition position, string? path = null)
    {
        var (step, field) = ProblemPaths.Split(path);
        _problems.Add(new DefinitionProblem(code, message, ProblemSeverity.Error, _file, position, step, field));
    }

    private static SourcePosition Position(Mark mark) => new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):")]
    private static partial Regex MarkPrefix();
}
