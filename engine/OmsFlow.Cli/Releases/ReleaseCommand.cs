using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace OmsFlow.Cli.Releases;

/// <summary>What a release command's action works with.</summary>
internal sealed record CommandContext(ParseResult Parse, ServerConnection Server, TextWriter Output, TextWriter Error, IAnsiConsole Console, bool Json, CancellationToken Cancellation)
{
    /// <summary>Shows a spinner while the server works (nothing when output is redirected).</summary>
    public Task<ServerReply> WithProgressAsync(string what, Func<Task<ServerReply>> call)
        => Json || !Console.Profile.Capabilities.Interactive ? call() : Console.Status().StartAsync(what, _ => call());

    /// <summary>
    /// Ends a command on the server's reply: a failure's exit code and message; otherwise the JSON (with <c>--json</c>)
    /// or <paramref name="writeText"/>, and the exit code <paramref name="exitCode"/> gives for the body.
    /// </summary>
    public int Finish(ServerReply reply, Action<JsonNode> writeText, Func<JsonNode, int> exitCode)
    {
        if (!reply.Ok)
        {
            return ServerConnection.Failure(reply, Error);
        }
        if (Json)
        {
            WriteJson(reply);
        }
        else
        {
            writeText(reply.Body!);
        }
        return exitCode(reply.Body!);
    }

    /// <summary>Prints the raw JSON reply (for <c>--json</c>).</summary>
    public void WriteJson(ServerReply reply) => Output.WriteLine(reply.Body?.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) ?? reply.Raw);
}

/// <summary>Builds release commands: connection options, server errors and exit codes handled in one place.</summary>
internal static class ReleaseCommand
{
    public static Command Define(string name, string description, Func<CommandContext, Task<int>> run, params Symbol[] symbols)
    {
        var options = ServerConnection.Options.Create();
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            using var server = ServerConnection.Open(parse, options, error);
            if (server is null)
            {
                return ExitCodes.Usage;
            }
            try
            {
                return await run(new CommandContext(parse, server, output, error, ServerConnection.Console(output), parse.GetValue(options.Json), cancellationToken))
                    .ConfigureAwait(false);
            }
            catch (ServerUnavailableException ex)
            {
                error.WriteLine(ex.Message);
                return ExitCodes.ServerError;
            }
        });
        return command;
    }

    /// <summary>The files of a path as a request body, or a usage error.</summary>
    public static JsonObject? Files(CommandContext context, string path)
    {
        var (files, error) = DefinitionFiles.Collect(path);
        if (files is null)
        {
            context.Error.WriteLine(error);
            return null;
        }
        return new JsonObject { ["files"] = files };
    }

    public static string Text(JsonNode? node) => node?.ToString() ?? string.Empty;
}
