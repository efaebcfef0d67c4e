using System.Globalization;
using System.Text;
using System.Text.Json;
using OmsFlow.Rules.Model;

namespace OmsFlow.Rules.Loading;

internal sealed partial class WorkflowJsonParser
{
    /// <summary>Moves to the next property of the current object and onto its value; false at the end of the object.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader, out string name)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            name = string.Empty;
            return false;
        }

        // Property names are case-insensitive, as RulesEngine's Newtonsoft-based loader treats them.
        name = reader.GetString()!.ToLowerInvariant();
        reader.Read();
        return true;
    }

    private void Expect(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        if (reader.TokenType != token)
        {
            throw Fail(ref reader, $"expected {what}, found {Describe(reader.TokenType)}");
        }
    }

    private string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw Fail(ref reader, $"expected a string, found {Describe(reader.TokenType)}"),
    };

    private List<string>? ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "an array of workflow names");
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (ReadString(ref reader) is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }

    private bool ReadBool(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.String when bool.TryParse(reader.GetString(), out var value) => value,
        _ => throw Fail(ref reader, $"expected true or false, found {Describe(reader.TokenType)}"),
    };

    private int ReadInt(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String && int.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw Fail(ref reader, $"expected a whole number, found {Describe(reader.TokenType)}");
    }

    private RuleExpressionType ReadExpressionType(ref Utf8JsonReader reader)
    {
        var valid = reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetInt32(out var number) && number == 0,
            JsonTokenType.String => string.Equals(reader.GetString(), nameof(RuleExpressionType.LambdaExpression), StringComparison.OrdinalIgnoreCase),
            JsonTokenType.Null => true,
            _ => false,
        };
        return valid
            ? RuleExpressionType.LambdaExpression
            : throw Fail(ref reader, "RuleExpressionType must be LambdaExpression (or 0), the only kind RulesEngine defines");
    }

    /// <summary>An enum written as a name or a number (ErrorType: Warning/Error or 0/1), kept as text.</summary>
    private string? ReadEnumText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt32(out var number) => number switch { 0 => "Warning", 1 => "Error", _ => number.ToString(CultureInfo.InvariantCulture) },
        _ => ReadString(ref reader),
    };

    private Dictionary<string, JsonElement>? ReadValues(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "an object of named values");
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        while (true)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return values;
            }

            var name = reader.GetString()!;
            reader.Read();
            values[name] = JsonElement.ParseValue(ref reader);
        }
    }

    /// <summary>A well-formed value of the wrong type or shape, reported at its line:column.</summary>
    private RuleSetLoadException Fail(ref Utf8JsonReader reader, string message)
    {
        var location = Here(ref reader);
        return new RuleSetLoadException([new RuleProblem(_fileName, location.Line, location.Column, null, null, message)]);
    }

    private SourceLocation Here(ref Utf8JsonReader reader) => Locate(reader.TokenStartIndex);

    private StringLocation? StringHere(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String
            ? new StringLocation(Locate(reader.TokenStartIndex), reader.ValueIsEscaped ? Encoding.UTF8.GetString(reader.ValueSpan) : null)
            : null;

    /// <summary>Line:column of a byte offset; columns count characters, not UTF-8 bytes.</summary>
    private SourceLocation Locate(long byteOffset)
    {
        var offset = (int)byteOffset;
        var line = _lineStarts.BinarySearch(offset);
        line = line >= 0 ? line : ~line - 1;
        var lineStart = _lineStarts[line];
        return new SourceLocation(line + 1, Encoding.UTF8.GetCharCount(_utf8, lineStart, offset - lineStart) + 1);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
