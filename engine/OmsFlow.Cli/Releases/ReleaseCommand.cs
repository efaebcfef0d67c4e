using System.CommandLine;
using System.Text.Json.Nodes;
using OmsFlow.Cli.Releases.Backends;
using Spectre.Console;

namespace OmsFlow.Cli.Releases;

/// <summary>What a release command's action works with.</summary>
internal sealed record CommandContext(ParseResult Parse, IReleaseBackend Backend, TextWriter Output, TextWriter Error, IAnsiConsole Console, bool Json, CancellationToken Cancellation)
{
    /// <summary>
    /// Runs a long operation: with a progress bar when the backend reports progress, else a spinner; neither when
    /// output is not a terminal or is JSON, so nothing but the result reaches redirected output.
    /// </summary>
    public async Task<BackendReply> WithProgressAsync(string what, Func<IProgress<(int Done, int Total)>?, Task<BackendReply>> call)
    {
        if (Json || !Console.Profile.Capabilities.Interactive)
        {
            return await call(null).ConfigureAwait(false);
        }
        if (!Backend.ReportsProgress)
        {
            return await Console.Status().StartAsync(what, _ => call(null)).ConfigureAwait(false);
        }
        return await Console.Progress().AutoClear(true).HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(what, maxValue: 1);
                task.IsIndeterminate = true;
                return await call(new TaskProgress(task)).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends a command on the backend's reply: a failure's exit code and message; otherwise the JSON (with <c>--json</c>)
    /// or <paramref name="writeText"/>, and the exit code <paramref name="exitCode"/> gives for the body.
    /// </summary>
    public int Finish(BackendReply reply, Action<JsonNode> writeText, Func<JsonNode, int> exitCode)
    {
        if (!reply.Ok)
        {
            return Replies.Failure(reply, Error);
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

    /// <summary>Prints the JSON reply (for <c>--json</c>).</summary>
    public void WriteJson(BackendReply reply) => Output.WriteLine(reply.Body?.ToJsonString(Replies.Indented) ?? reply.Raw);

    /// <summary>Moves a Spectre progress task as the operation reports how far it is.</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value)
        {
            if (value.Total <= 0)
            {
                return;
            }
            task.IsIndeterminate = false;
            task.MaxValue = value.Total;
            task.Value = value.Done;
        }
    }
}

/// <summary>Builds release commands: backend options, unavailable backends and exit codes handled in one place.</summary>
internal static class ReleaseCommand
{
    /// <param name="createsDatabase">Whether the command may create a new SQLite database with <c>--database</c>.</param>
    public static Command Define(string name, string description, Func<CommandContext, Task<int>> run, bool createsDatabase, params Symbol[] symbols)
        => Define(name, description, run, createsDatabase, offline: false, symbols);

    /// <param name="offline">Whether the command only checks files and so offers <c>--offline</c>.</param>
    public static Command Define(string name, string description, Func<CommandContext, Task<int>> run, bool createsDatabase, bool offline, params Symbol[] symbols)
    {
        var options = BackendSelection.Create(offline);
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
            try
            {
                await using var backend = await options.OpenAsync(parse, error, createsDatabase, cancellationToken).ConfigureAwait(false);
                if (backend is null)
                {
                    return ExitCodes.Usage;
                }
                return await run(new CommandContext(parse, backend, output, error, Replies.Console(output), parse.GetValue(options.Json), cancellationToken))
                    .ConfigureAwait(false);
            }
            catch (BackendUnavailableException ex)
            {
                error.WriteLine(ex.Message);
                return ExitCodes.Unavailable;
            }
        });
        return command;
    }

    /// <summary>The definition files under a path, or null after printing why there are none.</summary>
    public static JsonArray? Files(CommandContext context, string path)
    {
        var (files, error) = DefinitionFiles.Collect(path);
        if (files is null)
        {
            context.Error.WriteLine(error);
        }
        return files;
    }

    public static string Text(JsonNode? node) => node?.ToString() ?? string.Empty;
}
