using System.Text.Json.Nodes;

namespace OmsFlow.Expressions.JavaScript;

/// <summary>One <c>console.log</c> / <c>info</c> / <c>warn</c> / <c>error</c> call made by a script.</summary>
/// <param name="Level"><c>log</c>, <c>info</c>, <c>warn</c> or <c>error</c>.</param>
/// <param name="Message">The arguments converted to text and joined by spaces.</param>
public sealed record ScriptLogEntry(string Level, string Message);

/// <summary>What a script run produced.</summary>
/// <param name="Value">The script's return value, or its <c>result</c> variable when it returned nothing, as JSON.</param>
/// <param name="Logs">The console entries, oldest first.</param>
/// <param name="Steps">Loop iterations plus function calls made.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
/// <param name="AllocatedBytes">Bytes allocated while the script ran (what the memory limit counts).</param>
public sealed record ScriptResult(JsonNode? Value, IReadOnlyList<ScriptLogEntry> Logs, long Steps, TimeSpan Elapsed, long AllocatedBytes);
