using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace OmsFlow.Cli.Releases;

/// <summary>
/// The ops release workflow against a server: <c>validate</c>, <c>diff</c>, <c>release</c>, <c>releases</c>,
/// <c>rollback</c>, <c>rehearse</c>, <c>migrate</c>, <c>export</c>, <c>import</c>. Exit codes: see <see cref="ExitCodes"/>.
/// </summary>
public static class ReleaseCommands
{
    public static IEnumerable<Command> Create() =>
    [
        Validate(), Diff(), Release(), List(), Rollback(), RehearseCommand.Create(), MigrateCommand.Create(), Export(), Import(),
    ];

    private static Command Validate()
    {
        var path = new Argument<string>("PATH") { Description = "a definitions folder, one kind's folder (rules/, tables/, ...) or one file" };
        return ReleaseCommand.Define("validate", "validate definition files with the server's validators (problems as file:line:column)", async c =>
        {
            if (ReleaseCommand.Files(c, c.Parse.GetValue(path)!) is not { } body)
            {
                return ExitCodes.Usage;
            }
            var reply = await c.WithProgressAsync("Validating", () => c.Server.PostAsync("/api/releases/validate", body, c.Cancellation)).ConfigureAwait(false);
            return c.Finish(reply, r =>
            {
                var valid = r["valid"]!.GetValue<bool>();
                ServerConnection.WriteProblems(r["problems"] as JsonArray, valid ? c.Output : c.Error);
                c.Output.WriteLine(valid ? $"{r["definitions"]!.AsArray().Count} definition(s) valid" : "not valid: fix the errors above");
            }, r => r["valid"]!.GetValue<bool>() ? ExitCodes.Ok : ExitCodes.Problems);
        }, path);
    }

    private static Command Diff()
    {
        var left = new Argument<string>("FROM") { Description = "a release number, or a definitions path to compare with a release" };
        var right = new Argument<string?>("TO") { Description = "a release number (default: the active release)", Arity = ArgumentArity.ZeroOrOne };
        return ReleaseCommand.Define("diff", "semantic diff: steps, transitions, inputs, rules, table rows, template parts (exit 1 when there are differences)", async c =>
        {
            var from = c.Parse.GetValue(left)!;
            var to = c.Parse.GetValue(right);
            if (to is not null && !int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                c.Error.WriteLine($"TO must be a release number, not '{to}'");
                return ExitCodes.Usage;
            }
            ServerReply reply;
            if (int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var release) && !Directory.Exists(from) && !File.Exists(from))
            {
                var query = to is null ? $"?from={release}" : $"?from={release}&to={to}";
                reply = await c.WithProgressAsync("Comparing", () => c.Server.GetAsync("/api/releases/diff" + query, c.Cancellation)).ConfigureAwait(false);
            }
            else
            {
                if (ReleaseCommand.Files(c, from) is not { } body)
                {
                    return ExitCodes.Usage;
                }
                body["name"] = from;
                if (to is not null)
                {
                    body["against"] = int.Parse(to, CultureInfo.InvariantCulture);
                }
                reply = await c.WithProgressAsync("Comparing", () => c.Server.PostAsync("/api/releases/diff", body, c.Cancellation)).ConfigureAwait(false);
            }
            return c.Finish(reply, r => c.Output.Write(ReleaseCommand.Text(r["text"])),
                r => r["hasDifferences"]!.GetValue<bool>() ? ExitCodes.Problems : ExitCodes.Ok);
        }, left, right);
    }

    private static Command Release()
    {
        var path = new Argument<string>("PATH") { Description = "a definitions folder, one kind's folder or one file" };
        var note = new Option<string>("--note") { Description = "why: shown in the release list and the audit log" };
        var activateAt = new Option<string>("--activate-at") { Description = "when new instances start on it, e.g. 2026-11-27T00:00:00+01:00 (default: now)" };
        return ReleaseCommand.Define("release", "release the definitions under PATH as one release (nothing is released when any file has errors)", async c =>
        {
            if (ReleaseCommand.Files(c, c.Parse.GetValue(path)!) is not { } body)
            {
                return ExitCodes.Usage;
            }
            if (c.Parse.GetValue(activateAt) is { } at)
            {
                if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                {
                    c.Error.WriteLine($"--activate-at: '{at}' is not a time; use ISO 8601, e.g. 2026-11-27T00:00:00+01:00");
                    return ExitCodes.Usage;
                }
                body["activateAt"] = time.ToString("O", CultureInfo.InvariantCulture);
            }
            body["note"] = c.Parse.GetValue(note);
            var count = body["files"]!.AsArray().Count;
            var reply = await c.WithProgressAsync($"Releasing {count} file(s) to {c.Server.Server}", () => c.Server.PostAsync("/api/releases", body, c.Cancellation))
                .ConfigureAwait(false);
            if (!reply.Ok)
            {
                return ServerConnection.Failure(reply, c.Error);
            }
            if (c.Json)
            {
                c.WriteJson(reply);
                return ExitCodes.Ok;
            }
            var r = reply.Body!;
            if (reply.Status != HttpStatusCode.Created)
            {
                c.Output.WriteLine($"Nothing changed: release {r["id"]} already has these definitions.");
                return ExitCodes.Ok;
            }
            var state = ReleaseCommand.Text(r["state"]);
            c.Output.WriteLine(state == "scheduled"
                ? $"Release {r["id"]} created, scheduled for {r["activateAt"]}."
                : $"Release {r["id"]} created and active.");
            foreach (var item in r["changed"]!.AsArray())
            {
                c.Output.WriteLine($"  {item!["kind"]} {item["id"]} v{item["version"]}");
            }
            ServerConnection.WriteProblems(r["problems"] as JsonArray, c.Output);
            return ExitCodes.Ok;
        }, path, note, activateAt);
    }

    private static Command List() => ReleaseCommand.Define("releases", "list releases, newest first, with their state", async c =>
    {
        var reply = await c.Server.GetAsync("/api/releases", c.Cancellation).ConfigureAwait(false);
        if (!reply.Ok)
        {
            return ServerConnection.Failure(reply, c.Error);
        }
        if (c.Json)
        {
            c.WriteJson(reply);
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("release", "state", "activate at", "by", "changed", "note");
        foreach (var r in reply.Body!["items"]!.AsArray().OfType<JsonObject>())
        {
            var changed = string.Join(", ", r["changed"]!.AsArray().Select(i => $"{i!["kind"]} {i["id"]} v{i["version"]}"));
            var note = r["rollbackOf"] is { } of ? $"rollback to {of}: {r["note"]}" : ReleaseCommand.Text(r["note"]);
            table.AddRow(Markup.Escape(ReleaseCommand.Text(r["id"])), Markup.Escape(ReleaseCommand.Text(r["state"])), Markup.Escape(ReleaseCommand.Text(r["activateAt"])),
                Markup.Escape(ReleaseCommand.Text(r["createdBy"])), Markup.Escape(changed), Markup.Escape(note));
        }
        c.Console.Write(table);
        return ExitCodes.Ok;
    });

    private static Command Rollback()
    {
        var release = new Argument<int>("RELEASE") { Description = "the earlier release whose definitions new instances should use again" };
        var note = new Option<string>("--note") { Description = "why (default: 'Rollback to release N')" };
        return ReleaseCommand.Define("rollback", "make an earlier release active again for new instances; running instances keep theirs", async c =>
        {
            var target = c.Parse.GetValue(release);
            var reply = await c.Server.PostAsync($"/api/releases/{target}/rollback", new JsonObject { ["note"] = c.Parse.GetValue(note) }, c.Cancellation).ConfigureAwait(false);
            return c.Finish(reply,
                r => c.Output.WriteLine($"Release {r["id"]} rolls back to release {target}: new instances use its definitions; running instances keep theirs."),
                _ => ExitCodes.Ok);
        }, release, note);
    }

    private static Command Export()
    {
        var release = new Argument<int>("RELEASE") { Description = "the release to export" };
        var file = new Option<string>("--output", "-o") { Description = "the bundle file to write (default: stdout)" };
        return ReleaseCommand.Define("export", "export a release as a bundle (definitions with their SHA-256) to import into another environment", async c =>
        {
            var reply = await c.Server.GetAsync($"/api/releases/{c.Parse.GetValue(release)}/export", c.Cancellation).ConfigureAwait(false);
            if (!reply.Ok)
            {
                return ServerConnection.Failure(reply, c.Error);
            }
            if (c.Parse.GetValue(file) is { } path)
            {
                await File.WriteAllTextAsync(path, reply.Raw, c.Cancellation).ConfigureAwait(false);
                c.Output.WriteLine($"Release {c.Parse.GetValue(release)} exported to {path} ({reply.Body!["definitions"]!.AsArray().Count} definitions).");
            }
            else
            {
                c.Output.WriteLine(reply.Raw);
            }
            return ExitCodes.Ok;
        }, release, file);
    }

    private static Command Import()
    {
        var file = new Argument<string>("FILE") { Description = "a bundle written by 'omsflow export'" };
        return ReleaseCommand.Define("import", "import a release bundle with the same hashes; importing it again changes nothing", async c =>
        {
            var path = c.Parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                c.Error.WriteLine($"{path}: no such file");
                return ExitCodes.Usage;
            }
            JsonNode? bundle;
            try
            {
                bundle = JsonNode.Parse(await File.ReadAllTextAsync(path, c.Cancellation).ConfigureAwait(false));
            }
            catch (System.Text.Json.JsonException ex)
            {
                c.Error.WriteLine($"{path}: not a bundle ({ex.Message})");
                return ExitCodes.Usage;
            }
            var reply = await c.WithProgressAsync("Importing", () => c.Server.PostAsync("/api/releases/import", bundle, c.Cancellation)).ConfigureAwait(false);
            return c.Finish(reply, r => c.Output.WriteLine(reply.Status == HttpStatusCode.Created
                    ? $"Imported as release {r["id"]} ({r["state"]})."
                    : $"Already imported as release {r["id"]}; nothing changed."),
                _ => ExitCodes.Ok);
        }, file);
    }
}
