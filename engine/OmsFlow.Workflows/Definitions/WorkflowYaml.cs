using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OmsFlow.Workflows.Definitions;

/// <summary>
/// Reads and writes the YAML files of <c>definitions/workflows</c>. JSON text is read by the same code (JSON is YAML),
/// so both report problems with line:column.
/// </summary>
public static class WorkflowYaml
{
    private const int FlowWidth = 72;

    /// <summary>Reads a workflow from YAML or JSON text; <paramref name="file"/> names it in problems.</summary>
    public static WorkflowParseResult Parse(string text, string? file = null)
    {
        var document = YamlDocumentReader.Read(text, file);
        if (document.Root is null && document.Problems.Count > 0)
        {
            return new WorkflowParseResult(null, document.Problems);
        }
        var (definition, problems) = WorkflowBinder.Bind(document.Root, document.Source);
        return new WorkflowParseResult(definition, [.. document.Problems, .. problems]);
    }

    /// <summary>The YAML text of <paramref name="definition"/>, in the canonical shape of <see cref="WorkflowJson.ToNode"/>.</summary>
    public static string Write(WorkflowDefinition definition)
    {
        var writer = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: 120, isCanonical: false, maxSimpleKeyLength: 1024));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, WorkflowJson.ToNode(definition), depth: 0);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node, int depth)
    {
        switch (node)
        {
            case JsonObject mapping:
                var mappingStyle = depth >= 3 && IsShortFlat(mapping) ? MappingStyle.Flow : MappingStyle.Block;
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, mappingStyle));
                foreach (var (key, value) in mapping)
                {
                    emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, key, ScalarStyle.Any, isPlainImplicit: true, isQuotedImplicit: true));
                    Emit(emitter, value, depth + 1);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray sequence:
                var sequenceStyle = IsShortFlat(sequence) ? SequenceStyle.Flow : SequenceStyle.Block;
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, sequenceStyle));
                foreach (var item in sequence)
                {
                    Emit(emitter, item, depth + 1);
                }
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var style = text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.Any;
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, YamlDocumentReader.StaysStringWhenPlain(text), isQuotedImplicit: true));
                break;
            default:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, node?.ToJsonString() ?? "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    // Small mappings of scalars read best on one line: layout: { x: 120, y: 40 }.
    private static bool IsShortFlat(JsonNode node)
    {
        var children = node is JsonObject mapping ? mapping.Select(p => p.Value) : ((JsonArray)node).AsEnumerable();
        var length = 0;
        foreach (var child in children)
        {
            if (child is JsonObject or JsonArray)
            {
                return false;
            }
            var text = child?.ToJsonString() ?? "null";
            if (text.Contains("\\n", StringComparison.Ordinal))
            {
                return false;
            }
            length += text.Length + 4;
        }
        if (node is JsonObject keyed)
        {
            length += keyed.Sum(p => p.Key.Length);
        }
        return length <= FlowWidth;
    }
}
