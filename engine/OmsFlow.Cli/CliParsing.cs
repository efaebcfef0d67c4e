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
}
