using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace OmsFlow.Cli.Releases;

/// <summary>
/// The ops release workflow, against a server (<c>--server</c>) or a database in-process (<c>--database</c>):
/// <c>validate</c>, <c>diff</c>, <c>release</c>, <c>releases</c>, <c>rollback</c>, <c>rehearse</c>, <c>migrate</c>,
/// <c>export</c>, <c>import</c>. Exit codes: see <see cref="ExitCodes"/>.
/// </summary>
public static class ReleaseCommands
{
    public static IEnumerable<Command> Create() =>
    [
        Validate(), DiffCommand.Create(), Release(), List(), Rollback(), RehearseCommand.Create(), MigrateCommand.Create(), BundleCommands.Export(), BundleCommands.Import(),
    ];

    private static Command Validate()
    {
        var path = new Argument<string>("PATH") { Description = "a definitions folder, one kind's folder (rules/, tables/, ...) or one file" };
        return ReleaseCommand.Define("validate", "validate definition files with the validators a release uses (problems as file:line:column)", async c =>
        {
            if (ReleaseCommand.Files(c, c.Parse.GetValue(path)!) is not { } files)
            {
                return ExitCodes.Usage;
            }
            var reply = await c.WithProgressAsync("Validating", _ => c.Backend.ValidateAsync(files, c.Cancellation)).ConfigureAwait(false);
            return c.Finish(reply, r =>
            {
                var valid = r["valid"]!.GetValue<bool>();
                Replies.WriteProblems(r["problems"] as JsonArray, valid ? c.Output : c.Error);
                c.Output.WriteLine(valid ? $"{r["definitions"]!.AsArray().Count} definition(s) valid" : "not valid: fix the errors above");
            }, r => r["valid"]!.GetValue<bool>() ? ExitCodes.Ok : ExitCodes.Problems);
        }, createsDatabase: false, offline: true, path);
    }

    private static Command Release()
    {
        var path = new Argument<string>("PATH") { Description = "a definitions folder, one kind's folder or one file" };
        var note = new Option<string>("--note") { Description = "why: shown in the release list and the audit log" };
        var activateAt = new Option<string>("--activate-at") { Description = "when new instances start on it, e.g. 2026-11-27T00:00:00+01:00 (default: now)" };
        return ReleaseCommand.Define("release", "release the definitions under PATH as one release (nothing is released when any file has errors)", async c =>
        {
            if (ReleaseCommand.Files(c, c.Parse.GetValue(path)!) is not { } files)
            {
                return ExitCodes.Usage;
            }
            DateTimeOffset? time = null;
            if (c.Parse.GetValue(activateAt) is { } at)
            {
                if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    c.Error.WriteLine($"--activate-at: '{at}' is not a time; use ISO 8601, e.g. 2026-11-27T00:00:00+01:00");
                    return ExitCodes.Usage;
                }
                time = parsed;
            }
            var request = new Backends.PublishRequest(files, c.Parse.GetValue(note), time);
            var reply = await c.WithProgressAsync($"Releasing {files.Count} file(s) to {c.Backend.Target}", _ => c.Backend.ReleaseAsync(request, c.Cancellation))
                .ConfigureAwait(false);
            return c.Finish(reply, r =>
            {
                if (reply.Status != HttpStatusCode.Created)
                {
                    c.Output.WriteLine($"Nothing changed: release {r["id"]} already has these definitions.");
                    return;
                }
                c.Output.WriteLine(ReleaseCommand.Text(r["state"]) == "scheduled"
                    ? $"Release {r["id"]} created, scheduled for {r["activateAt"]}."
                    : $"Release {r["id"]} created and active.");
                foreach (var item in r["changed"]!.AsArray())
                {
                    c.Output.WriteLine($"  {item!["kind"]} {item["id"]} v{item["version"]}");
                }
                Replies.WriteProblems(r["problems"] as JsonArray, c.Output);
            }, _ => ExitCodes.Ok);
        }, createsDatabase: true, path, note, activateAt);
    }

    private static Command List() => ReleaseCommand.Define("releases", "list releases, newest first, with their state", async c =>
    {
        var reply = await c.Backend.ListAsync(c.Cancellation).ConfigureAwait(false);
        return c.Finish(reply, body =>
        {
            var table = new Table().AddColumns("release", "state", "activate at", "by", "changed", "note");
            foreach (var r in body["items"]!.AsArray().OfType<JsonObject>())
            {
                var changed = string.Join(", ", r["changed"]!.AsArray().Select(i => $"{i!["kind"]} {i["id"]} v{i["version"]}"));
                var note = r["rollbackOf"] is { } of ? $"rollback to {of}: {r["note"]}" : ReleaseCommand.Text(r["note"]);
                table.AddRow(Markup.Escape(ReleaseCommand.Text(r["id"])), Markup.Escape(ReleaseCommand.Text(r["state"])), Markup.Escape(ReleaseCommand.Text(r["activateAt"])),
                    Markup.Escape(ReleaseCommand.Text(r["createdBy"])), Markup.Escape(changed), Markup.Escape(note));
            }
            c.Console.Write(table);
        }, _ => ExitCodes.Ok);
    }, createsDatabase: false);

    private static Command Rollback()
    {
        var release = new Argument<int>("RELEASE") { Description = "the earlier release whose definitions new instances should use again" };
        var note = new Option<string>("--note") { Description = "why (default: 'Rollback to release N')" };
        return ReleaseCommand.Define("rollback", "make an earlier release active again for new instances; running instances keep theirs", async c =>
        {
            var target = c.Parse.GetValue(release);
            var reply = await c.Backend.RollbackAsync(target, c.Parse.GetValue(note), c.Cancellation).ConfigureAwait(false);
            return c.Finish(reply,
                r => c.Output.WriteLine($"Release {r["id"]} rolls back to release {target}: new instances use its definitions; running instances keep theirs."),
                _ => ExitCodes.Ok);
        }, createsDatabase: false, release, note);
    }
}
