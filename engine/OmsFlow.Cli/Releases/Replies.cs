using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Cli.Releases.Backends;
using OmsFlow.Workflows.Releases;
using Spectre.Console;

namespace OmsFlow.Cli.Releases;

/// <summary>How release commands print replies: failures with their exit codes, problems, tables.</summary>
internal static class Replies
{
    /// <summary>Indented JSON without <c>\u0022</c>-style escapes, for <c>--json</c>.</summary>
    public static JsonSerializerOptions Indented { get; } = new(ReleaseJson.Readable) { WriteIndented = true };

    /// <summary>The exit code and message for a reply that is not a success.</summary>
    public static int Failure(BackendReply reply, TextWriter error)
    {
        switch (reply.Status)
        {
            case HttpStatusCode.Unauthorized:
                error.WriteLine($"the server needs an API key: pass --api-key KEY or set {BackendSelection.ApiKeyVariable}");
                return ExitCodes.Unavailable;
            case HttpStatusCode.Forbidden:
                error.WriteLine("the API key's roles do not allow this (releases need ops or admin)");
                return ExitCodes.Unavailable;
            case HttpStatusCode.BadRequest:
                error.WriteLine(reply.Detail);
                return ExitCodes.Usage;
            case >= HttpStatusCode.InternalServerError:
                error.WriteLine($"the server failed: {reply.Detail}");
                return ExitCodes.Unavailable;
            default:
                error.WriteLine(reply.Detail);
                WriteProblems(reply.Body?["problems"] as JsonArray, error);
                return ExitCodes.Problems;
        }
    }

    /// <summary>Problems as <c>file:line:column: severity code: message</c>, one per line.</summary>
    public static void WriteProblems(JsonArray? problems, TextWriter writer)
    {
        foreach (var problem in (problems ?? []).OfType<JsonObject>())
        {
            var where = problem["file"]?.ToString() is { } file
                ? problem["line"] is { } line ? $"{file}:{line}:{problem["column"]}: " : $"{file}: "
                : string.Empty;
            var step = problem["step"]?.ToString() is { } s ? $" (step '{s}')" : string.Empty;
            writer.WriteLine($"{where}{problem["severity"]} {problem["code"]}: {problem["message"]}{step}");
        }
    }

    /// <summary>A console for tables and progress that writes to the command's output (plain text when redirected).</summary>
    public static IAnsiConsole Console(TextWriter output)
    {
        var terminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Redirected output (files, pipes, CI logs) has no width; keep table rows on one line for grep.
            console.Profile.Width = 240;
        }
        return console;
    }
}
