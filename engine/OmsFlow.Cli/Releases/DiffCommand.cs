using System.CommandLine;
using System.Globalization;

namespace OmsFlow.Cli.Releases;

/// <summary><c>omsflow diff PATH|RELEASE [RELEASE]</c>: a semantic diff that reads like a changelog.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var left = new Argument<string>("FROM") { Description = "a release number, or a definitions path to compare with a release" };
        var right = new Argument<string?>("TO") { Description = "a release number (default: the active release)", Arity = ArgumentArity.ZeroOrOne };
        return ReleaseCommand.Define("diff", "semantic diff: steps, transitions, inputs, rules, table rows, template parts (exit 1 when there are differences)", async c =>
        {
            var from = c.Parse.GetValue(left)!;
            var to = c.Parse.GetValue(right);
            int? toRelease = null;
            if (to is not null)
            {
                if (!int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    c.Error.WriteLine($"TO must be a release number, not '{to}'");
                    return ExitCodes.Usage;
                }
                toRelease = number;
            }
            Backends.BackendReply reply;
            if (int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var release) && !Directory.Exists(from) && !File.Exists(from))
            {
                reply = await c.WithProgressAsync("Comparing", _ => c.Backend.CompareReleasesAsync(release, toRelease, c.Cancellation)).ConfigureAwait(false);
            }
            else
            {
                if (ReleaseCommand.Files(c, from) is not { } files)
                {
                    return ExitCodes.Usage;
                }
                reply = await c.WithProgressAsync("Comparing", _ => c.Backend.CompareFilesAsync(files, from, toRelease, c.Cancellation)).ConfigureAwait(false);
            }
            return c.Finish(reply, r => c.Output.Write(ReleaseCommand.Text(r["text"])), r => r["hasDifferences"]!.GetValue<bool>() ? ExitCodes.Problems : ExitCodes.Ok);
        }, createsDatabase: false, left, right);
    }
}
