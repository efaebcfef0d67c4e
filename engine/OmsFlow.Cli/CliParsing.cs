using System.CommandLine;

namespace OmsFlow.Cli;

/// <summary>How <c>omsflow</c> parses its command line.</summary>
public static class CliParsing
{
    /// <summary>
    /// Response files are off: <c>@path</c> is OmsFlow's "read this value from a file" syntax (<c>--data @order.json</c>,
    /// <c>--input order=@order.json</c>), which System.CommandLine would otherwise expand as a response file.
    /// </summary>
    public static ParserConfiguration Configuration { get; } = new() { ResponseFileTokenReplacer = null };

    /// <summary>Exit code of a command line that does not parse (unknown option, missing argument), as every command documents.</summary>
    public const int UsageExitCode = 2;

    /// <summary>Parses and runs <paramref name="args"/>; a command line that does not parse prints its errors and exits <see cref="UsageExitCode"/>.</summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, InvocationConfiguration? invocation = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        invocation ??= new InvocationConfiguration();
        var parsed = root.Parse(args, Configuration);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await invocation.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }
            await invocation.Error.WriteLineAsync($"(run with --help for usage)").ConfigureAwait(false);
            return UsageExitCode;
        }
        return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
    }
}
