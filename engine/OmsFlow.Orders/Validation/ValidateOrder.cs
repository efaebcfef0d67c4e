using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Validation;

/// <summary>
/// Checks the order against the validation rule set (ship-to country allowed, SKUs active, pack multiples, currency
/// allowed for the channel, address complete, duplicate external id). Each rule that fails adds its message to the
/// order's problems; a valid order moves to Validated, an invalid one to Rejected with the reasons.
/// </summary>
[Activity("ValidateOrder", Category = "Orders", Outcomes = ["valid", "invalid"],
    Description = "Check the order with a validation rule set (rules see order, products by SKU and duplicate); Validated on 'valid', Rejected with the failing rules' messages on 'invalid'.")]
public sealed class ValidateOrder : OrderActivity
{
    [Input(Description = "Rule set with the validation rules (default order-validation).")]
    public string RuleSet { get; set; } = "order-validation";

    [Input(Description = "Workflow inside the rule set (default ValidateOrder).")]
    public string Workflow { get; set; } = "ValidateOrder";

    protected override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var catalogue = await ValidationCatalogue.ForAsync(store, order, context.CancellationToken).ConfigureAwait(false);
        var duplicate = order.ExternalId is { } externalId && await store.ExternalIdTakenAsync(order.Id, externalId, context.CancellationToken).ConfigureAwait(false);
        var results = await Decisions.RulesAsync(context, RuleSet, Workflow,
            ("order", context.Variables[Variable]?.DeepClone()), ("products", catalogue), ("duplicate", JsonValue.Create(duplicate))).ConfigureAwait(false);
        var failed = results.Where(r => !r.IsSuccess).Select(Decisions.Message).ToList();
        order.Problems = failed;
        if (failed.Count > 0)
        {
            order.CancelReason = "Validation failed: " + string.Join("; ", failed);
            Lifecycle.Move(order, OrderStatus.Rejected, context.Now, order.CancelReason);
            Save(context, order);
            return ActivityResult.Done("invalid", new JsonObject { ["problems"] = new JsonArray([.. failed.Select(f => JsonValue.Create(f))]) });
        }
        Lifecycle.Move(order, OrderStatus.Validated, context.Now);
        Save(context, order);
        return ActivityResult.Done("valid", new JsonObject { ["rules"] = results.Count });
    }
}
