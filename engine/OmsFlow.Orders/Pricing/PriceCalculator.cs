using OmsFlow.Orders.Model;

namespace OmsFlow.Orders.Pricing;

/// <summary>Tax for one line, as the <c>tax-rates</c> table decides it for the ship-to country and the line's tax category.</summary>
public sealed record LineTax(decimal Rate, bool Included, bool ReverseCharge);

/// <summary>Everything pricing needs besides the order: list prices, promotions that apply, tax per line, shipping.</summary>
public sealed record PricingInput(
    IReadOnlyDictionary<string, decimal> ListPrices,
    IReadOnlyList<Promotion> Promotions,
    Func<OrderLine, LineTax> TaxFor,
    decimal ShippingFee,
    LineTax ShippingTax,
    string? BaseCurrency = null,
    decimal? ExchangeRate = null);

/// <summary>
/// Prices an order: list price per line, then promotions in stacking order (each on the price the ones before left;
/// an exclusive one stops the stack; caps per promotion and a <c>cap</c> promotion for the whole order), then tax per
/// rate (included in or added to the price; none on reverse charge), shipping, and the base-currency total.
/// </summary>
public static class PriceCalculator
{
    /// <summary>Prices <paramref name="order"/> in place (lines and <see cref="Order.Pricing"/>) and returns the pricing.</summary>
    /// <exception cref="InvalidOperationException">A line has no price in the order's currency.</exception>
    public static Model.Pricing Price(Order order, PricingInput input)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(input);
        order.Lines.RemoveAll(l => l.Gift);
        var gross = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var discount = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var live = order.Lines.Where(l => l.Status != LineStatus.Cancelled).ToList();
        foreach (var line in live)
        {
            var unit = line.UnitPrice ?? (input.ListPrices.TryGetValue(line.Sku, out var listed) ? listed
                : throw new InvalidOperationException($"Line {line.Id}: {line.Sku} has no price in {order.Currency}."));
            line.UnitPrice = unit;
            gross[line.Id] = Money(unit * line.Quantity);
            discount[line.Id] = 0m;
        }
        var subtotal = gross.Values.Sum();
        var applied = new List<AppliedDiscount>();
        foreach (var promotion in input.Promotions.OrderBy(p => p.Priority).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            if (promotion.Type == "cap")
            {
                continue;
            }
            var eligible = live.Where(l => promotion.Skus.Count == 0 || promotion.Skus.Contains(l.Sku, StringComparer.OrdinalIgnoreCase)).ToList();
            var units = eligible.Sum(l => l.Quantity);
            if (eligible.Count == 0 || units < Math.Max(1, promotion.MinQuantity))
            {
                continue;
            }
            if (promotion.Type == "gift")
            {
                if (promotion.GiftSku is { } giftSku)
                {
                    order.Lines.Add(new OrderLine { Id = "gift-" + promotion.Id, Sku = giftSku, Quantity = 1, UnitPrice = 0m, Gift = true, Status = LineStatus.Created });
                    applied.Add(new AppliedDiscount { Id = promotion.Id, Description = promotion.Description, Type = "gift", Coupon = promotion.Coupon, Amount = 0m });
                }
                continue;
            }
            var amounts = Amounts(promotion, eligible, l => gross[l.Id] - discount[l.Id], l => l.UnitPrice!.Value);
            var total = amounts.Values.Sum();
            if (promotion.Cap > 0 && total > promotion.Cap)
            {
                amounts = Spread(promotion.Cap, amounts);
                total = promotion.Cap;
            }
            if (total <= 0)
            {
                continue;
            }
            foreach (var (lineId, amount) in amounts)
            {
                discount[lineId] += amount;
            }
            applied.Add(new AppliedDiscount
            {
                Id = promotion.Id, Description = promotion.Description, Type = promotion.Type, Coupon = promotion.Coupon, Amount = total,
                LineIds = [.. amounts.Where(a => a.Value > 0).Select(a => a.Key)],
            });
            if (promotion.Exclusive)
            {
                break;
            }
        }
        var discountTotal = discount.Values.Sum();
        if (input.Promotions.Where(p => p.Type == "cap").Select(p => p.Value).DefaultIfEmpty(0m).Min() is > 0 and var capPercent
            && discountTotal > Money(subtotal * capPercent / 100m))
        {
            var allowed = Money(subtotal * capPercent / 100m);
            var scaled = Spread(allowed, discount);
            foreach (var (lineId, amount) in scaled)
            {
                discount[lineId] = amount;
            }
            foreach (var a in applied)
            {
                a.Amount = discountTotal == 0 ? 0 : Money(a.Amount * allowed / discountTotal);
            }
            discountTotal = allowed;
        }

        var taxes = new Dictionary<(decimal Rate, string Category), (decimal Base, decimal Amount)>();
        var net = 0m;
        var anyIncluded = false;
        var reverseCharge = false;
        foreach (var line in live)
        {
            var lineNet = gross[line.Id] - discount[line.Id];
            var tax = input.TaxFor(line);
            reverseCharge |= tax.ReverseCharge;
            anyIncluded |= tax.Included;
            var rate = tax.ReverseCharge ? 0m : tax.Rate;
            var taxAmount = tax.Included ? Money(lineNet - (lineNet / (1 + (rate / 100m)))) : Money(lineNet * rate / 100m);
            var taxBase = tax.Included ? lineNet - taxAmount : lineNet;
            line.DiscountTotal = discount[line.Id];
            line.LineTotal = lineNet;
            line.NetUnitPrice = line.Quantity == 0 ? 0 : Math.Round(lineNet / line.Quantity, 4, MidpointRounding.AwayFromZero);
            line.TaxRate = rate;
            line.TaxAmount = taxAmount;
            var key = (rate, line.TaxCategory ?? "standard");
            var sum = taxes.GetValueOrDefault(key);
            taxes[key] = (sum.Base + taxBase, sum.Amount + taxAmount);
            net += lineNet;
        }
        foreach (var gift in order.Lines.Where(l => l.Gift))
        {
            gift.LineTotal = 0m;
            gift.NetUnitPrice = 0m;
            gift.TaxAmount = 0m;
        }
        var shippingRate = input.ShippingTax.ReverseCharge ? 0m : input.ShippingTax.Rate;
        var shippingTax = input.ShippingFee == 0 ? 0m
            : input.ShippingTax.Included ? Money(input.ShippingFee - (input.ShippingFee / (1 + (shippingRate / 100m)))) : Money(input.ShippingFee * shippingRate / 100m);
        if (shippingTax > 0)
        {
            var key = (shippingRate, "shipping");
            var sum = taxes.GetValueOrDefault(key);
            taxes[key] = (sum.Base + (input.ShippingTax.Included ? input.ShippingFee - shippingTax : input.ShippingFee), sum.Amount + shippingTax);
        }
        var taxTotal = taxes.Values.Sum(t => t.Amount);
        var addedTax = (anyIncluded ? 0m : taxes.Where(t => t.Key.Category != "shipping").Sum(t => t.Value.Amount))
            + (input.ShippingTax.Included ? 0m : shippingTax);
        var grand = Money(net + input.ShippingFee + addedTax);
        var pricing = new Model.Pricing
        {
            Subtotal = subtotal,
            Discounts = applied,
            DiscountTotal = discountTotal,
            DiscountPercent = subtotal == 0 ? 0 : Math.Round(discountTotal * 100m / subtotal, 2, MidpointRounding.AwayFromZero),
            Shipping = input.ShippingFee,
            Taxes = [.. taxes.OrderBy(t => t.Key.Rate).Select(t => new TaxAmount { Rate = t.Key.Rate, Category = t.Key.Category, Base = Money(t.Value.Base), Amount = t.Value.Amount })],
            TaxTotal = taxTotal,
            PricesIncludeTax = anyIncluded,
            ReverseCharge = reverseCharge,
            GrandTotal = grand,
            BaseCurrency = input.BaseCurrency is { } b && !b.Equals(order.Currency, StringComparison.OrdinalIgnoreCase) ? b : null,
            ExchangeRate = input.BaseCurrency is { } c && !c.Equals(order.Currency, StringComparison.OrdinalIgnoreCase) ? input.ExchangeRate : null,
        };
        if (pricing.BaseCurrency is not null && pricing.ExchangeRate is { } fx)
        {
            pricing.BaseGrandTotal = Money(grand * fx);
        }
        order.Pricing = pricing;
        return pricing;
    }

    /// <summary>Commercial rounding to cents.</summary>
    public static decimal Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private static Dictionary<string, decimal> Amounts(Promotion promotion, List<OrderLine> eligible, Func<OrderLine, decimal> remaining, Func<OrderLine, decimal> unit)
    {
        var result = eligible.ToDictionary(l => l.Id, _ => 0m, StringComparer.Ordinal);
        var units = eligible.Sum(l => l.Quantity);
        switch (promotion.Type)
        {
            case "percentage":
                foreach (var line in eligible)
                {
                    result[line.Id] = Money(remaining(line) * promotion.Value / 100m);
                }
                break;
            case "tiered":
                var percent = promotion.Tiers.Where(t => units >= t.Quantity).Select(t => t.Percent).DefaultIfEmpty(0m).Last();
                foreach (var line in eligible)
                {
                    result[line.Id] = Money(remaining(line) * percent / 100m);
                }
                break;
            case "fixed":
                return Spread(Math.Min(promotion.Value, eligible.Sum(remaining)), eligible.ToDictionary(l => l.Id, remaining, StringComparer.Ordinal));
            case "fixed-price" when promotion.BuyQuantity > 0:
                // "3 for 5": every full bundle of BuyQuantity units costs Value; the cheapest units are bundled last.
                var bundles = units / promotion.BuyQuantity;
                var bundledUnits = Units(eligible, unit, descending: true).Take(bundles * promotion.BuyQuantity).ToList();
                var saving = Math.Max(0m, bundledUnits.Sum(u => u.Price) - (bundles * promotion.Value));
                return Spread(Math.Min(saving, eligible.Sum(remaining)), bundledUnits.GroupBy(u => u.LineId).ToDictionary(g => g.Key, g => g.Sum(u => u.Price), StringComparer.Ordinal));
            case "buy-x-get-y" when promotion.BuyQuantity > 0 && promotion.GetQuantity > 0:
                // For every BuyQuantity + GetQuantity units, the GetQuantity cheapest are free.
                var groups = units / (promotion.BuyQuantity + promotion.GetQuantity);
                foreach (var free in Units(eligible, unit, descending: false).Take(groups * promotion.GetQuantity))
                {
                    result[free.LineId] += free.Price;
                }
                foreach (var line in eligible)
                {
                    result[line.Id] = Math.Min(Money(result[line.Id]), remaining(line));
                }
                break;
            default:
                throw new InvalidOperationException(
                    $"Promotion {promotion.Id}: type '{promotion.Type}' needs its settings (fixed-price: buyQuantity; buy-x-get-y: buyQuantity and getQuantity); known types are percentage, fixed, fixed-price, tiered, buy-x-get-y, gift, cap.");
        }
        return result;
    }

    private static IEnumerable<(string LineId, decimal Price)> Units(List<OrderLine> lines, Func<OrderLine, decimal> unit, bool descending)
    {
        var all = lines.SelectMany(l => Enumerable.Repeat((l.Id, unit(l)), l.Quantity));
        return descending ? all.OrderByDescending(u => u.Item2) : all.OrderBy(u => u.Item2);
    }

    /// <summary>Splits <paramref name="total"/> over lines in proportion to <paramref name="weights"/>, to the cent, summing exactly.</summary>
    private static Dictionary<string, decimal> Spread(decimal total, Dictionary<string, decimal> weights)
    {
        var sum = weights.Values.Sum();
        var result = weights.ToDictionary(w => w.Key, _ => 0m, StringComparer.Ordinal);
        if (sum <= 0 || total <= 0)
        {
            return result;
        }
        var left = total;
        var keys = weights.Keys.ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            var share = i == keys.Count - 1 ? left : Money(total * weights[keys[i]] / sum);
            result[keys[i]] = share;
            left -= share;
        }
        return result;
    }
}
