using System.CommandLine;
using System.Text.Json.Nodes;
using OmsFlow.Cli.Releases.Backends;
using Spectre.Console;

namespace OmsFlow.Cli.Releases;

/// <summary><c>omsflow migrate --to N [--from N] (--workflow ID | --instance ID...) [--dry-run]</c>.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var to = new Option<int>("--to") { Description = "the release to move the instances to", Required = true };
        var from = new Option<int?>("--from") { Description = "only instances on this release" };
        var workflow = new Option<string>("--workflow") { Description = "every unfinished instance of this workflow" };
        var instances = new Option<string[]>("--instance") { Description = "an instance id (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var dryRun = new Option<bool>("--dry-run") { Description = "only list which instances can move and why others cannot" };
        return ReleaseCommand.Define("migrate", "move running instances to a newer release explicitly (exit 1 when some cannot move)", async c =>
        {
            var ids = c.Parse.GetValue(instances);
            var workflowId = c.Parse.GetValue(workflow);
            if ((ids is null || ids.Length == 0) == (workflowId is null))
            {
                c.Error.WriteLine("say which instances: --workflow ID, or --instance ID (repeatable), not both");
                return ExitCodes.Usage;
            }
            var request = new MigrateRequest(c.Parse.GetValue(to), c.Parse.GetValue(from), workflowId, ids is { Length: > 0 } ? ids : null, c.Parse.GetValue(dryRun));
            var reply = await c.WithProgressAsync(request.DryRun ? "Checking instances" : "Migrating", p => c.Backend.MigrateAsync(request, p, c.Cancellation)).ConfigureAwait(false);
            return c.Finish(reply, report => Write(c, report), report => report["blocked"]!.GetValue<int>() > 0 ? ExitCodes.Problems : ExitCodes.Ok);
        }, createsDatabase: false, to, from, workflow, instances, dryRun);
    }

    private static void Write(CommandContext c, JsonNode report)
    {
        var table = new Table().AddColumns("instance", "workflow", "version", "can move", "why not");
        foreach (var i in report["instances"]!.AsArray().OfType<JsonObject>())
        {
            var versions = i["toVersion"] is { } v ? $"v{i["fromVersion"]} -> v{v}" : $"v{i["fromVersion"]}";
            table.AddRow(Markup.Escape(ReleaseCommand.Text(i["id"])), Markup.Escape(ReleaseCommand.Text(i["workflowId"])), versions,
                i["canMove"]!.GetValue<bool>() ? "yes" : "no", Markup.Escape(string.Join("; ", i["reasons"]!.AsArray().Select(r => r!.ToString()))));
        }
        c.Console.Write(table);
        c.Output.WriteLine(report["dryRun"]!.GetValue<bool>()
            ? $"Dry run: {report["movable"]} can move to release {report["to"]}, {report["blocked"]} cannot."
            : $"Moved {report["moved"]} instance(s) to release {report["to"]}; {report["blocked"]} could not move.");
    }
}
