using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Changes;

/// <summary>
/// The gate of <c>POST /hooks/order-changes</c>: loads the order a change request names into the order variable and runs
/// the <c>order-change-policy</c> rule set on it (change window per channel, change types the channel allows, largest
/// quantity increase). It writes nothing: the order's fulfilment instance stays its only writer and applies the change.
/// </summary>
/// <remarks>
/// The rules see <c>order</c> (as stored), <c>change</c> (the request) and what the activity works out from both:
/// <c>hoursSincePlaced</c>, <c>types</c> (the change types asked for) and <c>maxQuantityIncrease</c> (the largest
/// increase of one line, or the quantity of an added line).
/// </remarks>
[Activity("CheckOrderChange", Category = "Orders", Outcomes = ["accepted", "rejected", "unknown-order"],
    Description = "Load the order a change request names and check the request against the order-change-policy rules. Output: orderId, reason and reasons when rejected.")]
public sealed class CheckOrderChange : Activity
{
    [Input(Required = true, Description = "The change request: {orderId, changes: [...]}.", Editor = "expression")]
    public JsonObject Request { get; set; } = [];

    [Input(Description = "Rule set with the change policy (default order-change-policy).")]
    public string RuleSet { get; set; } = "order-change-policy";

    [Input(Description = "Workflow of the rule set to run (default CheckOrderChange).")]
    public string Workflow { get; set; } = "CheckOrderChange";

    [Input(Description = "Workflow variable that receives the order (default order).")]
    public string Variable { get; set; } = "order";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var orderId = Request["orderId"]?.ToString() ?? string.Empty;
        var stored = orderId.Length == 0 ? null : await OrderActivity.Store(context).GetAsync(orderId, context.CancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return Rejected("unknown-order", orderId, [$"There is no order '{orderId}'."]);
        }
        var order = OrderJson.Read(JsonNode.Parse(stored.Document));
        var orderJson = OrderJson.Write(order);
        context.Variables[Variable] = orderJson.DeepClone();
        var changes = OrderChange.Read(Request);
        var placed = order.PlacedAt ?? DateTimeOffset.FromUnixTimeMilliseconds(stored.CreatedAt);
        try
        {
            var results = await Decisions.RulesAsync(context, RuleSet, Workflow,
                ("order", orderJson), ("change", Request.DeepClone()),
                ("hoursSincePlaced", JsonValue.Create(Math.Round((context.Now - placed).TotalHours, 2))),
                ("types", new JsonArray([.. Request["changes"]?.AsArray().Select(c => JsonValue.Create(c?["type"]?.ToString())) ?? []])),
                ("maxQuantityIncrease", JsonValue.Create(MaxQuantityIncrease(order, changes)))).ConfigureAwait(false);
            var failed = results.Where(r => !r.IsSuccess).Select(Decisions.Message).ToList();
            return failed.Count > 0
                ? Rejected("rejected", orderId, failed)
                : ActivityResult.Done("accepted", new JsonObject { ["orderId"] = orderId, ["rules"] = results.Count });
        }
        catch (DecisionException ex)
        {
            // A missing or broken rule set is fixed by publishing one; then the incident is retried.
            return ActivityResult.Fault(ex.Message, permanent: true);
        }
    }

    /// <summary>The largest number of units one change adds to a line (an added line counts in full).</summary>
    private static int MaxQuantityIncrease(Order order, List<OrderChange> changes)
    {
        var increase = 0;
        foreach (var change in changes)
        {
            var added = change.Kind switch
            {
                OrderChangeKind.AddLine => change.Quantity ?? 0,
                OrderChangeKind.Quantity => (change.Quantity ?? 0) - order.Lines.Where(l => l.Id == change.LineId || l.SplitFrom == change.LineId).Sum(l => l.Quantity),
                _ => 0,
            };
            increase = Math.Max(increase, added);
        }
        return increase;
    }

    private static ActivityResult Rejected(string outcome, string orderId, List<string> reasons) => ActivityResult.Done(outcome, new JsonObject
    {
        ["orderId"] = orderId,
        ["reason"] = string.Join(" ", reasons),
        ["reasons"] = new JsonArray([.. reasons.Select(r => JsonValue.Create(r))]),
    });
}
