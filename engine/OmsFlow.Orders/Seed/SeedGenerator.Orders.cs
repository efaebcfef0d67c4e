using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Orders.Seed;

/// <summary>
/// Sample orders as integrators post them: mostly ordinary orders across channels and currencies, and every fifth one
/// an edge case (over the approval threshold, big discount, bad address, split, out of stock, fraud risk, duplicate
/// external id, hazmat, inactive SKU), taking turns so each appears about equally often.
/// </summary>
public sealed partial class SeedGenerator
{
    private static readonly string[] EdgeCases =
    [
        SampleTags.OverApprovalThreshold, SampleTags.BigDiscount, SampleTags.BadAddress, SampleTags.Split, SampleTags.OutOfStock,
        SampleTags.FraudRisk, SampleTags.DuplicateExternalId, SampleTags.Hazmat, SampleTags.InactiveSku,
    ];

    private static readonly (string Channel, double Weight)[] ConsumerChannels = [("web", 0.45), ("app", 0.25), ("marketplace", 0.15), ("call-centre", 0.15)];

    private List<SampleOrder> SampleOrders(
        List<NodeRecord> nodes, List<ProductRecord> products, List<InventoryRecord> inventory, List<CustomerRecord> customers)
    {
        var catalog = new SampleCatalog(nodes, products, inventory);
        var samples = new List<SampleOrder>(_options.SampleOrders);
        var edgeTurn = 0;
        for (var i = 0; i < _options.SampleOrders; i++)
        {
            var edge = i % 5 == 2 ? EdgeCases[edgeTurn++ % EdgeCases.Length] : null;
            if (edge == SampleTags.DuplicateExternalId && samples.Count == 0)
            {
                edge = null;
            }
            var customer = edge == SampleTags.OverApprovalThreshold ? Pick(customers.Where(c => c.Segment == "business").DefaultIfEmpty(customers[0]).ToList()) : Pick(customers);
            samples.Add(Sample(i, edge, customer, catalog, samples));
        }
        return samples;
    }

    private SampleOrder Sample(int index, string? edge, CustomerRecord customer, SampleCatalog catalog, List<SampleOrder> earlier)
    {
        var tags = new List<string>();
        var business = customer.Segment == "business";
        var channel = business && Chance(0.7) ? "b2b" : PickWeighted(ConsumerChannels);
        if (edge == SampleTags.FraudRisk && channel == "b2b")
        {
            // Card checks (AVS, CVV) are what the fraud rules read; an invoice-paid order has none.
            channel = "web";
        }
        var currency = customer.Currency;
        var id = "ORD-" + (10001 + index).ToString(CultureInfo.InvariantCulture);
        var externalId = ExternalIdPrefix(channel) + Digits(8);
        var profile = JsonNode.Parse(customer.Document)!.AsObject();
        var addresses = profile["addresses"]!.AsArray();
        var shipTo = OrderAddress(addresses[0]!.AsObject());
        var billTo = OrderAddress((addresses.Count > 1 ? addresses[1] : addresses[0])!.AsObject());

        var lines = new List<(ProductRecord Product, int Quantity)>();
        var lineCount = PickWeighted<int>([(1, 0.55), (2, 0.3), (3, 0.15)]);
        for (var l = 0; l < lineCount; l++)
        {
            var product = Pick(catalog.Everyday);
            if (lines.All(x => x.Product.Sku != product.Sku))
            {
                lines.Add((product, Next(1, 4) * SampleCatalog.PackMultiple(product)));
            }
        }
        string? label = null;
        switch (edge)
        {
            case SampleTags.OverApprovalThreshold:
                var premium = catalog.Premium;
                var needed = (int)Math.Ceiling(_options.ApprovalThreshold * 1.2m / catalog.UsdPrice(premium));
                lines = [(premium, Math.Max(needed, 1))];
                label = $"Over the approval threshold: {needed} x {premium.Name}";
                break;
            case SampleTags.Split:
                var (splitProduct, quantity, largest) = catalog.SplitCandidate(EdgeRound(index));
                lines = [(splitProduct, quantity)];
                label = $"Split: {quantity} x {splitProduct.Name} (no node has more than {largest})";
                break;
            case SampleTags.OutOfStock:
                lines.Add((catalog.OutOfStock, Next(1, 3)));
                label = $"Out of stock: {catalog.OutOfStock.Name} is at no node";
                break;
            case SampleTags.Hazmat:
                lines.Add((Pick(catalog.Hazmat), 1));
                label = "Hazmat line: only nodes that ship hazardous goods qualify";
                break;
            case SampleTags.InactiveSku:
                lines.Add((Pick(catalog.Inactive), 1));
                label = "Inactive SKU: validation rejects the line";
                break;
        }
        var coupons = new JsonArray();
        if (edge == SampleTags.BigDiscount)
        {
            var code = Pick(_options.BigDiscountCoupons);
            coupons.Add(code);
            label = $"Big discount: coupon {code}";
        }
        else if (Chance(0.1))
        {
            coupons.Add(Pick(_options.Coupons));
            tags.Add(SampleTags.Coupon);
        }
        if (edge == SampleTags.BadAddress)
        {
            label = BreakAddress(shipTo, EdgeRound(index));
        }
        if (edge == SampleTags.DuplicateExternalId)
        {
            var original = earlier[^1].Order;
            channel = original["channel"]!.GetValue<string>();
            externalId = original["externalId"]!.GetValue<string>();
            label = $"Duplicate external id: {externalId} was already sent as {earlier[^1].Id}";
        }

        var flags = new JsonObject
        {
            ["gift"] = Chance(0.08),
            ["vip"] = customer.Segment == "vip",
            ["replacement"] = channel == "call-centre" && Chance(0.1),
        };
        var express = Chance(0.15);
        var marketplacePrices = channel == "marketplace";
        var orderLines = new JsonArray();
        decimal amount = 0;
        for (var l = 0; l < lines.Count; l++)
        {
            var (product, quantity) = lines[l];
            var price = catalog.Price(product, currency);
            var line = new JsonObject { ["id"] = "L" + (l + 1).ToString(CultureInfo.InvariantCulture), ["sku"] = product.Sku, ["quantity"] = quantity };
            if (marketplacePrices)
            {
                // Marketplaces charge their own price; the order carries it and the price list is not consulted.
                price = Math.Round(price * 0.95m, 2);
                line["unitPrice"] = price;
            }
            amount += price * quantity;
            orderLines.Add(line);
        }
        var payment = Payment(channel, edge == SampleTags.FraudRisk, amount, EdgeRound(index));

        tags.AddRange(edge is null ? [] : [edge]);
        if (channel == "b2b")
        {
            tags.Add(SampleTags.B2b);
        }
        if (flags["gift"]!.GetValue<bool>())
        {
            tags.Add(SampleTags.Gift);
        }
        if (flags["vip"]!.GetValue<bool>())
        {
            tags.Add(SampleTags.Vip);
        }
        if (flags["replacement"]!.GetValue<bool>())
        {
            tags.Add(SampleTags.Replacement);
        }
        if (express)
        {
            tags.Add(SampleTags.Express);
        }
        if (lines.Count >= 3)
        {
            tags.Add(SampleTags.MultiLine);
        }
        if (edge is null)
        {
            tags.Insert(0, SampleTags.Normal);
        }
        label ??= edge == SampleTags.FraudRisk ? $"Fraud risk: score {payment["riskScore"]}, AVS {payment["avs"]}, CVV {payment["cvv"]}" : null;
        var summary = $"{channel}, {currency} {Money(amount)}, {lines.Count} line{(lines.Count == 1 ? string.Empty : "s")}, {customer.Name}";

        var order = new JsonObject
        {
            ["id"] = id,
            ["externalId"] = externalId,
            ["channel"] = channel,
            ["currency"] = currency,
            ["placedAt"] = Epoch.AddMinutes(index * 6).AddSeconds(Next(0, 360)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["customer"] = new JsonObject { ["id"] = customer.Id, ["name"] = customer.Name, ["email"] = customer.Email },
            ["shipTo"] = shipTo,
            ["billTo"] = billTo,
            ["lines"] = orderLines,
            ["payment"] = payment,
            ["couponCodes"] = coupons,
            ["flags"] = flags,
            ["shippingService"] = express ? "express" : "standard",
        };
        return new SampleOrder(id, label is null ? summary : label + " (" + summary + ")", tags, order);
    }

    /// <summary>How many times the edge cases have come round by sample <paramref name="index"/> (varies each case's flavour).</summary>
    private static int EdgeRound(int index) => index / 5 / EdgeCases.Length;

    private static string ExternalIdPrefix(string channel) => channel switch
    {
        "web" => "WEB-",
        "app" => "APP-",
        "marketplace" => "MKT-",
        "b2b" => "PO-",
        _ => "CC-",
    };

    private static JsonObject OrderAddress(JsonObject address) => new()
    {
        ["name"] = address["name"]?.DeepClone(),
        ["line1"] = address["line1"]?.DeepClone(),
        ["city"] = address["city"]?.DeepClone(),
        ["region"] = address["region"]?.DeepClone(),
        ["postalCode"] = address["postalCode"]?.DeepClone(),
        ["country"] = address["country"]?.DeepClone(),
        ["latitude"] = address["latitude"]?.DeepClone(),
        ["longitude"] = address["longitude"]?.DeepClone(),
    };

    /// <summary>Breaks the ship-to address one of three ways (no postal code, no street and city, unknown country).</summary>
    private static string BreakAddress(JsonObject shipTo, int round)
    {
        shipTo.Remove("latitude");
        shipTo.Remove("longitude");
        switch (round % 3)
        {
            case 0:
                shipTo.Remove("postalCode");
                return "Bad address: no postal code";
            case 1:
                shipTo.Remove("line1");
                shipTo.Remove("city");
                return "Bad address: no street or city";
            default:
                shipTo["country"] = "XX";
                return "Bad address: unknown country XX";
        }
    }

    private JsonObject Payment(string channel, bool risky, decimal amount, int round)
    {
        if (channel == "b2b")
        {
            return new JsonObject { ["method"] = "invoice", ["amount"] = Math.Round(amount, 2), ["riskScore"] = risky ? Next(85, 99) : Next(1, 20) };
        }
        var method = PickWeighted<string>([("card", 0.7), ("paypal", 0.2), ("apple-pay", 0.1)]);
        return new JsonObject
        {
            ["method"] = method,
            ["authorizationId"] = "AUTH-" + Digits(10),
            ["amount"] = Math.Round(amount, 2),
            ["avs"] = risky ? (round % 2 == 0 ? "mismatch" : "partial") : "match",
            ["cvv"] = risky && round % 3 != 0 ? "mismatch" : "match",
            ["riskScore"] = risky ? Next(85, 99) : Next(1, 36),
        };
    }
}
