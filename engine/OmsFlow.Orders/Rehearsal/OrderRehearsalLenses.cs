using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Pricing;
using OmsFlow.Workflows.Releases.Rehearse;

namespace OmsFlow.Orders.Rehearsal;

/// <summary>
/// How the OMS tables' outputs become what an order gets, for rehearsals (<c>omsflow rehearse</c>): the discount the
/// promotions give, and whether the approval policy holds the order for approval.
/// </summary>
public static class OrderRehearsalLenses
{
    /// <summary>Every lens of the OMS domain.</summary>
    public static IReadOnlyList<IRehearsalLens> All { get; } = [new PromotionsLens(), new ApprovalLens()];

    /// <summary>
    /// The <c>promotions</c> table: the discount an order gets from the promotions that apply to it (a coupon row only
    /// when the order carries the code), priced on the order's recorded unit prices with the stacking, exclusivity and
    /// caps of pricing. Coupon usage limits depend on other orders and are not replayed.
    /// </summary>
    private sealed class PromotionsLens : IRehearsalLens
    {
        public bool Reads(string tableId) => tableId == "promotions";

        public IReadOnlyList<LensValue> Read(JsonObject input, JsonNode? output)
        {
            var order = OrderJson.Read(input["order"]?.DeepClone());
            var codes = new HashSet<string>(order.CouponCodes, StringComparer.OrdinalIgnoreCase);
            var promotions = Promotion.FromTableOutput(output).Where(p => p.Coupon is null || codes.Contains(p.Coupon)).ToList();
            var applied = string.Join(", ", promotions.OrderBy(p => p.Priority).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id));
            var values = new List<LensValue> { new("promotions applied", applied.Length == 0 ? "none" : applied) };
            if (order.Lines.Any(l => l.UnitPrice is null && !l.Gift))
            {
                values.Add(new LensValue("discount", "order not priced yet"));
                return values;
            }
            var untaxed = new LineTax(0m, Included: false, ReverseCharge: false);
            var pricing = PriceCalculator.Price(order, new PricingInput(new Dictionary<string, decimal>(), promotions, _ => untaxed, 0m, untaxed));
            values.Add(new LensValue("discount", pricing.DiscountTotal.ToString("0.00", CultureInfo.InvariantCulture), pricing.DiscountTotal, order.Currency));
            return values;
        }
    }

    /// <summary>The <c>approval-policy</c> table: whether the order needs approval (a row matched) and whose.</summary>
    private sealed class ApprovalLens : IRehearsalLens
    {
        public bool Reads(string tableId) => tableId == "approval-policy";

        public IReadOnlyList<LensValue> Read(JsonObject input, JsonNode? output)
        {
            var role = output?["role"]?.ToString();
            return
            [
                new LensValue("needs approval", role is null ? "no" : "yes", Counted: true),
                new LensValue("approver", role ?? "none"),
            ];
        }
    }
}
