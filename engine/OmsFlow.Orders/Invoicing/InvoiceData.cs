using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Pricing;

namespace OmsFlow.Orders.Invoicing;

/// <summary>The data the invoice and credit-note templates render: seller, buyer, lines with tax rates, totals per rate.</summary>
public static class InvoiceData
{
    /// <summary>An invoice (or, with negative quantities' sign flipped by the caller, a credit note) for <paramref name="lines"/>.</summary>
    public static JsonObject Build(Order order, IReadOnlyList<OrderLine> lines, decimal shipping, JsonObject seller, DateTimeOffset now, int? dueInDays,
        IReadOnlyDictionary<string, int>? quantities = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(lines);
        var pricing = order.Pricing!;
        var items = new JsonArray();
        decimal net = 0, tax = 0;
        foreach (var line in lines)
        {
            var quantity = quantities?.GetValueOrDefault(line.Id) ?? line.Quantity;
            var rate = (line.TaxRate ?? 0m) / 100m;
            var gross = (line.UnitPrice ?? 0m) * quantity;
            var discount = line.Quantity == 0 ? 0m : PriceCalculator.Money((line.DiscountTotal ?? 0m) * quantity / line.Quantity);
            var (lineNet, lineTax) = Split(gross - discount, rate, pricing.PricesIncludeTax);
            net += lineNet;
            tax += lineTax;
            items.Add(new JsonObject
            {
                ["sku"] = line.Sku, ["description"] = line.Name ?? line.Sku, ["quantity"] = quantity,
                ["unitPrice"] = pricing.PricesIncludeTax ? PriceCalculator.Money((line.UnitPrice ?? 0m) / (1 + rate)) : line.UnitPrice ?? 0m,
                ["discount"] = pricing.PricesIncludeTax ? PriceCalculator.Money(discount / (1 + rate)) : discount, ["taxRate"] = rate,
            });
        }
        if (shipping > 0)
        {
            var rate = pricing.ReverseCharge ? 0m : (pricing.Taxes.FirstOrDefault(t => t.Category == "shipping")?.Rate ?? 0m) / 100m;
            var (shippingNet, shippingTax) = Split(shipping, rate, pricing.PricesIncludeTax);
            net += shippingNet;
            tax += shippingTax;
            items.Add(new JsonObject { ["sku"] = "SHIPPING", ["description"] = "Shipping", ["quantity"] = 1, ["unitPrice"] = shippingNet, ["discount"] = 0m, ["taxRate"] = rate });
        }
        var today = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var shippedAt = order.Shipments.Where(s => s.ShippedAt is not null).Select(s => s.ShippedAt!.Value).DefaultIfEmpty(now).Max();
        var data = new JsonObject
        {
            ["number"] = string.Empty,
            ["orderNumber"] = order.Id,
            ["issueDate"] = today,
            ["supplyDate"] = shippedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["currency"] = order.Currency,
            ["reverseCharge"] = pricing.ReverseCharge,
            ["seller"] = seller.DeepClone(),
            ["buyer"] = new JsonObject
            {
                ["name"] = order.BillTo?.Company ?? order.BillTo?.Name ?? order.Customer.Name ?? order.ShipTo?.Name,
                ["vatId"] = order.Customer.VatId,
                ["address"] = OrderJson.Write(order)[order.BillTo is null ? "shipTo" : "billTo"]?.DeepClone(),
            },
            ["lines"] = items,
            ["totals"] = new JsonObject { ["net"] = net, ["tax"] = tax, ["gross"] = net + tax },
        };
        if (dueInDays is { } days)
        {
            data["dueDate"] = now.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        if (pricing.BaseCurrency is { } baseCurrency && pricing.ExchangeRate is { } rateToBase)
        {
            data["baseCurrency"] = baseCurrency;
            data["exchangeRate"] = rateToBase;
        }
        return data;
    }

    /// <summary>
    /// Net and tax of an amount: with prices that include tax, the tax is taken out of the amount (so net + tax is exactly
    /// what the customer paid, as pricing computed it); otherwise it is added on top.
    /// </summary>
    private static (decimal Net, decimal Tax) Split(decimal amount, decimal rate, bool included)
    {
        if (included)
        {
            var tax = PriceCalculator.Money(amount - (amount / (1 + rate)));
            return (amount - tax, tax);
        }
        var net = PriceCalculator.Money(amount);
        return (net, PriceCalculator.Money(net * rate));
    }
}
