using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Cli.Releases.Backends;
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
        return ReleaseCommand.Define("rehearse", "run a candidate rule set or table beside the active version on recorded orders and report whose outcome would change (exit 1 when some would)", async c =>
        {
            if (ReleaseCommand.Files(c, c.Parse.GetValue(path)!) is not { } files)
            {
                return ExitCodes.Usage;
            }
            JsonArray? list = null;
            if (c.Parse.GetValue(inputs) is { } file)
            {
                try
                {
                    list = File.Exists(file) ? JsonNode.Parse(await File.ReadAllTextAsync(file, c.Cancellation).ConfigureAwait(false)) as JsonArray : null;
                }
                catch (System.Text.Json.JsonException)
                {
                    list = null;
                }
                if (list is null)
                {
                    c.Error.WriteLine($"--inputs: {file} must be a JSON file holding an array of inputs");
                    return ExitCodes.Usage;
                }
            }
            var request = new RehearseRequest(files, c.Parse.GetValue(orders), c.Parse.GetValue(workflow), list);
            var reply = await c.WithProgressAsync("Rehearsing on recorded orders", p => c.Backend.RehearseAsync(request, p, c.Cancellation)).ConfigureAwait(false);
            return c.Finish(reply, r => Write(c, r), r => r["hasChanges"]!.GetValue<bool>() ? ExitCodes.Problems : ExitCodes.Ok);
        }, createsDatabase: false, path, orders, workflow, inputs);
    }

    /// <summary>
    /// A compact report: how many orders' outcome changes, amounts and counts before/after, the rules or rows behind the
    /// changes, and the first changed orders with only the values that changed.
    /// </summary>
    private static void Write(CommandContext c, JsonNode report)
    {
        var against = report["activeVersion"] is { } version ? $"active v{version}" : "nothing released yet";
        c.Output.WriteLine($"Rehearsed {report["kind"]} {report["id"]} against {against} on {report["cases"]} recorded evaluation(s): " +
            $"the outcome of {report["changedCount"]} would change.");
        var measures = (report["measures"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (measures.Count > 0)
        {
            var table = new Table().Title("Amounts over all orders").AddColumns("amount", "before", "after", "change");
            foreach (var m in measures)
            {
                var before = m["before"]!.GetValue<decimal>();
                var after = m["after"]!.GetValue<decimal>();
                var name = m["unit"] is { } unit ? $"{m["name"]} ({unit})" : ReleaseCommand.Text(m["name"]);
                table.AddRow(Markup.Escape(name), Amount(before), Amount(after), (after - before).ToString("+#,0.00;-#,0.00;0", CultureInfo.InvariantCulture));
            }
            c.Console.Write(table);
        }
        var totals = report["totals"]!.AsArray().OfType<JsonObject>()
            .Where(t => t["before"]!.GetValue<int>() != t["after"]!.GetValue<int>()).ToList();
        if (totals.Count > 0)
        {
            var table = new Table().Title("Orders per outcome (changed counts only)").AddColumns("outcome", "before", "after", "change");
            foreach (var total in totals)
            {
                var before = total["before"]!.GetValue<int>();
                var after = total["after"]!.GetValue<int>();
                table.AddRow(Markup.Escape(ReleaseCommand.Text(total["name"])), Count(before), Count(after), (after - before).ToString("+0;-0;0", CultureInfo.InvariantCulture));
            }
            c.Console.Write(table);
        }
        var causes = (report["causes"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (causes.Count > 0)
        {
            var table = new Table().Title("Behind the changes").AddColumns("rule / row", "changed orders");
            foreach (var cause in causes)
            {
                table.AddRow(Markup.Escape(ReleaseCommand.Text(cause["cause"])), ReleaseCommand.Text(cause["orders"]));
            }
            c.Console.Write(table);
        }
        var changed = report["changed"]!.AsArray().OfType<JsonObject>().ToList();
        if (changed.Count > 0)
        {
            var table = new Table().Title("Changed orders").AddColumns("order", "what changes");
            foreach (var order in changed.Take(ListedOrders))
            {
                var name = order["correlationKey"] is { } key ? $"{key} ({order["case"]})" : ReleaseCommand.Text(order["case"]);
                var outcomes = (order["outcomes"] as JsonArray ?? []).OfType<JsonObject>().Select(o => $"{o["name"]}: {o["before"]} -> {o["after"]}").ToList();
                var what = outcomes.Count > 0 ? outcomes : order["changes"]!.AsArray().Select(x => x!.ToString()).ToList();
                table.AddRow(Markup.Escape(name), Markup.Escape(string.Join("; ", what)));
            }
            c.Console.Write(table);
            if (changed.Count > ListedOrders)
            {
                c.Output.WriteLine($"... and {changed.Count - ListedOrders} more (--json lists them all with before and after)");
            }
        }
        foreach (var error in report["errors"]!.AsArray())
        {
            c.Error.WriteLine($"  could not evaluate {error}");
        }
    }

    private static string Amount(decimal value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
