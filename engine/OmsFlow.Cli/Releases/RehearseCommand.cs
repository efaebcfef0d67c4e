using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace OmsFlow.Cli.Releases;

/// <summary><c>omsflow rehearse PATH --orders last:1000</c>: what-if of a candidate rule set or table on recorded orders.</summary>
internal static class RehearseCommand
{
    /// <summary>Changed orders listed in the text report; the JSON has them all.</summary>
    private const int ListedOrders = 25;

    public static Command Create()
    {
        var path = new Argument<string>("PATH") { Description = "the candidate rule set (rules/x.json) or decision table (tables/x.yaml)" };
        var orders = new Option<string>("--orders") { Description = "which recorded orders: last:N or since:DATE (default last:1000)" };
        var workflow = new Option<string>("--workflow") { Description = "only orders of this workflow" };
        var inputs = new Option<string>("--inputs") { Description = "a JSON file with an array of inputs to use instead of recorded orders" };
        return ReleaseCommand.Define("rehearse", "run a candidate rule set or table beside the active version on recorded orders and report what would change (exit 1 when something would)", async c =>
        {
            if (ReleaseCommand.Files(c, c.Parse.GetValue(path)!) is not { } body)
            {
                return ExitCodes.Usage;
            }
            body["orders"] = c.Parse.GetValue(orders);
            body["workflowId"] = c.Parse.GetValue(workflow);
            if (c.Parse.GetValue(inputs) is { } file)
            {
                if (!File.Exists(file) || JsonNode.Parse(await File.ReadAllTextAsync(file, c.Cancellation).ConfigureAwait(false)) is not JsonArray list)
                {
                    c.Error.WriteLine($"--inputs: {file} must be a JSON file holding an array of inputs");
                    return ExitCodes.Usage;
                }
                body["inputs"] = list;
            }
            var reply = await c.WithProgressAsync("Rehearsing on recorded orders", () => c.Server.PostAsync("/api/releases/rehearse", body, c.Cancellation))
                .ConfigureAwait(false);
            return c.Finish(reply, r => Write(c, r), r => r["hasChanges"]!.GetValue<bool>() ? ExitCodes.Problems : ExitCodes.Ok);
        }, path, orders, workflow, inputs);
    }

    private static void Write(CommandContext c, JsonNode report)
    {
        var against = report["activeVersion"] is { } version ? $"active v{version}" : "nothing released yet";
        c.Output.WriteLine($"Rehearsed {report["kind"]} {report["id"]} against {against} on {report["cases"]} recorded evaluation(s): {report["changedCount"]} would change.");
        var totals = new Table().AddColumns("outcome", "before", "after", "change");
        foreach (var total in report["totals"]!.AsArray().OfType<JsonObject>())
        {
            var before = total["before"]!.GetValue<int>();
            var after = total["after"]!.GetValue<int>();
            totals.AddRow(Markup.Escape(ReleaseCommand.Text(total["name"])), before.ToString(System.Globalization.CultureInfo.InvariantCulture),
                after.ToString(System.Globalization.CultureInfo.InvariantCulture), (after - before).ToString("+0;-0;0", System.Globalization.CultureInfo.InvariantCulture));
        }
        c.Console.Write(totals);
        var changed = report["changed"]!.AsArray().OfType<JsonObject>().ToList();
        foreach (var order in changed.Take(ListedOrders))
        {
            var name = order["correlationKey"] is { } key ? $"{key} ({order["case"]})" : ReleaseCommand.Text(order["case"]);
            c.Output.WriteLine($"  {name}: {string.Join("; ", order["changes"]!.AsArray().Select(x => x!.ToString()))}");
        }
        if (changed.Count > ListedOrders)
        {
            c.Output.WriteLine($"  ... and {changed.Count - ListedOrders} more (--json lists them all)");
        }
        foreach (var error in report["errors"]!.AsArray())
        {
            c.Error.WriteLine($"  could not evaluate {error}");
        }
    }
}
