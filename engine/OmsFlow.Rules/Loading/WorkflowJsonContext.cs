using System.Text.Json;
using System.Text.Json.Serialization;
using OmsFlow.Rules.Model;

namespace OmsFlow.Rules.Loading;

/// <summary>Source-generated reader for workflow JSON: no reflection warm-up on the first load.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Workflow))]
[JsonSerializable(typeof(List<Workflow?>))]
internal sealed partial class WorkflowJsonContext : JsonSerializerContext;
