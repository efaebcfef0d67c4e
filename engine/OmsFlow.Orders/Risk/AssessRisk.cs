using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Rules.Execution;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Risk;

/// <summary>
/// Fraud and credit check: runs the risk rule set, where each rule describes a risk (risk score over a threshold,
/// AVS/CVV mismatch, a first large order, exposure over the credit limit). A rule that succeeds places a hold whose type
/// is the rule's SuccessEvent (fraud, credit, address, manual) and whose reason is the rule's ErrorMessage or name.
/// </summary>
[Activity("AssessRisk", Category = "Orders", Outcomes = ["clear", "hold"],
    Description = "Fraud/credit check with a rule set (rules see order, customer and exposure); every rule that succeeds places a hold typed by its SuccessEvent; continues on 'hold' or 'clear'.")]
public sealed class AssessRisk : OrderActivity
{
    [Input(Description = "Rule set with the risk rules (default order-risk).")]
    public string RuleSet { get; set; } = "order-risk";

    [Input(Description = "Workflow inside the rule set (default AssessRisk).")]
    public string Workflow { get; set; } = "AssessRisk";

    [Input(Description = "Role that may release the holds (default risk).")]
    public string ReleasableBy { get; set; } = "risk";

    protected override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var (exposure, previousOrders) = order.Customer.Id is { } customerId
            ? await store.CustomerHistoryAsync(customerId, order.Id, context.CancellationToken).ConfigureAwait(false)
            : (0m, 0);
        var customer = new JsonObject
        {
            ["id"] = order.Customer.Id,
            ["segment"] = order.Customer.Segment,
            ["creditLimit"] = order.Customer.CreditLimit,
            ["exposure"] = exposure,
            ["previousOrders"] = previousOrders,
        };
        var results = await Decisions.RulesAsync(context, RuleSet, Workflow,
            ("order", context.Variables[Variable]?.DeepClone()), ("customer", customer), ("exposure", JsonValue.Create(exposure))).ConfigureAwait(false);
        var risks = results.Where(r => r.IsSuccess).ToList();
        if (risks.Count == 0)
        {
            return ActivityResult.Done("clear", new JsonObject { ["holds"] = new JsonArray() });
        }
        foreach (var risk in risks)
        {
            order.Holds.Add(new Hold
            {
                Type = string.IsNullOrEmpty(risk.Rule.SuccessEvent) ? "manual" : risk.Rule.SuccessEvent!,
                // The rules engine only formats the message of a failed rule; a risk rule that matches succeeds, so its
                // $(...) placeholders are filled in here.
                Reason = string.IsNullOrEmpty(risk.Rule.ErrorMessage) ? risk.Rule.RuleName : ErrorMessageFormatter.Format(risk.Rule.ErrorMessage, risk.Inputs),
                PlacedAt = context.Now,
                ReleasableBy = ReleasableBy,
            });
        }
        Lifecycle.Move(order, OrderStatus.OnHold, context.Now, string.Join("; ", order.Holds.Where(h => h.Active).Select(h => $"{h.Type}: {h.Reason}")));
        Save(context, order);
        return ActivityResult.Done("hold", new JsonObject
        {
            ["holds"] = new JsonArray([.. order.Holds.Where(h => h.Active).Select(h => new JsonObject { ["type"] = h.Type, ["reason"] = h.Reason })]),
        });
    }
}
