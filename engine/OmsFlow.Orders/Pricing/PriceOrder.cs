using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Pricing;

/// <summary>
/// Prices the order from definitions analysts edit: list prices from the product master, promotions from the
/// <c>promotions</c> table (every matching row is a promotion; coupon rows only with their code, within its limits),
/// tax from <c>tax-rates</c>, shipping from <c>shipping-charges</c>, base-currency rate from <c>exchange-rates</c>.
/// </summary>
[Activity("PriceOrder", Category = "Orders",
    Description = "Price the order: list prices, promotions (percentage, fixed, fixed price, tiered, buy-x-get-y, gift, coupons, caps, stacking and exclusivity), tax per rate, shipping, base-currency total. Output: the pricing.")]
public sealed class PriceOrder : OrderActivity
{
    [Input(Description = "Decision table of promotions (COLLECT; default promotions).")]
    public string Promotions { get; set; } = "promotions";

    [Input(Description = "Decision table of tax rates by country and tax category (default tax-rates).")]
    public string TaxRates { get; set; } = "tax-rates";

    [Input(Description = "Decision table of shipping charges (default shipping-charges).")]
    public string ShippingCharges { get; set; } = "shipping-charges";

    [Input(Description = "Decision table of exchange rates to the base currency (default exchange-rates; empty to skip).")]
    public string? ExchangeRates { get; set; } = "exchange-rates";

    protected override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var products = await store.ProductsAsync(order.Lines.Select(l => l.Sku), context.CancellationToken).ConfigureAwait(false);
        var prices = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (sku, product) in products)
        {
            if (JsonNode.Parse(product.Document)?["prices"]?[order.Currency] is JsonValue price && price.TryGetValue<decimal>(out var amount))
            {
                prices[sku] = amount;
            }
        }
        var missing = order.Lines.Where(l => l.UnitPrice is null && !prices.ContainsKey(l.Sku)).Select(l => l.Sku).Distinct().ToList();
        if (missing.Count > 0)
        {
            return ActivityResult.Fault($"No {order.Currency} price for {string.Join(", ", missing)}: add one to the product or send unitPrice on the line.", permanent: true);
        }

        var orderJson = OrderJson.Write(order);
        var scope = new JsonObject { ["order"] = orderJson.DeepClone(), ["today"] = context.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        var matched = Promotion.FromTableOutput(await Decisions.TableAsync(context, Promotions, scope).ConfigureAwait(false));
        var (promotions, notes) = await WithValidCoupons(order, matched, store, context.CancellationToken).ConfigureAwait(false);

        var taxCache = new Dictionary<string, LineTax>(StringComparer.Ordinal);
        var business = !string.IsNullOrEmpty(order.Customer.VatId);
        async Task<LineTax> Tax(string category)
        {
            if (!taxCache.TryGetValue(category, out var tax))
            {
                var output = await Decisions.TableAsync(context, TaxRates, new JsonObject
                {
                    ["country"] = order.ShipTo?.Country, ["category"] = category, ["business"] = business, ["channel"] = order.Channel,
                }).ConfigureAwait(false) as JsonObject;
                tax = new LineTax(Number(output?["rate"]), Flag(output?["included"]), Flag(output?["reverseCharge"]));
                taxCache[category] = tax;
            }
            return tax;
        }
        foreach (var category in order.Lines.Select(l => l.TaxCategory ?? "standard").Append("standard").Distinct())
        {
            await Tax(category).ConfigureAwait(false);
        }
        var subtotalForShipping = order.Lines.Sum(l => (l.UnitPrice ?? prices.GetValueOrDefault(l.Sku)) * l.Quantity);
        var shipping = await Decisions.TableAsync(context, ShippingCharges, new JsonObject
        {
            ["service"] = order.ShippingService, ["currency"] = order.Currency, ["subtotal"] = subtotalForShipping, ["country"] = order.ShipTo?.Country,
        }).ConfigureAwait(false) as JsonObject;
        JsonObject? fx = null;
        if (!string.IsNullOrEmpty(ExchangeRates))
        {
            fx = await Decisions.TableAsync(context, ExchangeRates, new JsonObject { ["currency"] = order.Currency }).ConfigureAwait(false) as JsonObject;
        }

        var pricing = PriceCalculator.Price(order, new PricingInput(
            prices, promotions, line => taxCache[line.TaxCategory ?? "standard"], Number(shipping?["fee"]), taxCache["standard"],
            fx?["base"]?.ToString(), fx?["rate"] is { } rate ? Number(rate) : null));
        if (order.CouponCodes.Count > 0)
        {
            context.Enlist(new RedeemCoupons([.. pricing.Discounts.Where(d => d.Coupon is not null).Select(d => d.Coupon!).Distinct(StringComparer.OrdinalIgnoreCase)],
                order.Id, order.Customer.Id, context.Now.ToUnixTimeMilliseconds()));
        }
        order.Problems.RemoveAll(p => p.StartsWith("Coupon ", StringComparison.Ordinal));
        order.Problems.AddRange(notes);
        Save(context, order);
        var output = OrderJson.Write(order)["pricing"]!.DeepClone().AsObject();
        output["notes"] = new JsonArray([.. notes.Select(n => JsonValue.Create(n))]);
        return ActivityResult.Done(output);
    }

    /// <summary>Drops coupon promotions whose code the order did not send or whose limits are used up, saying why.</summary>
    private static async Task<(List<Promotion> Promotions, List<string> Notes)> WithValidCoupons(Order order, IReadOnlyList<Promotion> matched, OrderStore store, CancellationToken cancellationToken)
    {
        var codes = new HashSet<string>(order.CouponCodes, StringComparer.OrdinalIgnoreCase);
        var kept = new List<Promotion>();
        var notes = new List<string>();
        foreach (var promotion in matched)
        {
            if (promotion.Coupon is null)
            {
                kept.Add(promotion);
                continue;
            }
            if (!codes.Remove(promotion.Coupon))
            {
                continue;
            }
            var (total, mine) = await store.CouponUsesAsync(promotion.Coupon, order.Customer.Id, order.Id, cancellationToken).ConfigureAwait(false);
            if (promotion.CouponLimit > 0 && total >= promotion.CouponLimit)
            {
                notes.Add($"Coupon {promotion.Coupon} has been used up ({promotion.CouponLimit} uses).");
            }
            else if (promotion.PerCustomerLimit > 0 && mine >= promotion.PerCustomerLimit)
            {
                notes.Add($"Coupon {promotion.Coupon} was already used {mine} time(s) by this customer (limit {promotion.PerCustomerLimit}).");
            }
            else
            {
                kept.Add(promotion);
            }
        }
        notes.AddRange(codes.Select(c => $"Coupon {c} is not valid for this order."));
        return (kept, notes);
    }

    private static decimal Number(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<decimal>(out var d) ? d : decimal.TryParse(v.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0m
        : 0m;

    private static bool Flag(JsonNode? node) => node is JsonValue v && (v.TryGetValue<bool>(out var b) ? b : bool.TryParse(v.ToString(), out var parsed) && parsed);
}
