using System.Text.Json.Nodes;
using OmsFlow.Orders.Model;

namespace OmsFlow.Orders.Changes;

/// <summary>What a change does to the order.</summary>
public enum OrderChangeKind
{
    /// <summary>A line's quantity changes (<c>{type: quantity, lineId, quantity}</c>; 0 removes the line).</summary>
    Quantity,

    /// <summary>A new line (<c>{type: add-line, sku, quantity}</c>).</summary>
    AddLine,

    /// <summary>A line is dropped (<c>{type: remove-line, lineId}</c>).</summary>
    RemoveLine,

    /// <summary>The parcel goes to another address (<c>{type: ship-to, address: {...}}</c>).</summary>
    ShipTo,
}

/// <summary>One requested change, as <c>POST /hooks/order-changes {orderId, changes: [...]}</c> carries it.</summary>
public sealed record OrderChange(OrderChangeKind Kind, string? LineId, string? Sku, int? Quantity, Address? Address)
{
    private static readonly Dictionary<string, OrderChangeKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["quantity"] = OrderChangeKind.Quantity, ["add-line"] = OrderChangeKind.AddLine, ["remove-line"] = OrderChangeKind.RemoveLine, ["ship-to"] = OrderChangeKind.ShipTo,
    };

    /// <summary>What is wrong with a change request body, field by field (empty when it can be applied).</summary>
    public static List<(string Field, string Message)> Check(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var problems = new List<(string, string)>();
        if (body["orderId"] is not JsonValue orderId || string.IsNullOrWhiteSpace(orderId.ToString()))
        {
            problems.Add(("orderId", "is required: the order to change."));
        }
        if (body["changes"] is not JsonArray changes || changes.Count == 0)
        {
            problems.Add(("changes", "must list at least one change: {type: quantity|add-line|remove-line|ship-to, ...}."));
            return problems;
        }
        for (var i = 0; i < changes.Count; i++)
        {
            var at = $"changes[{i}]";
            if (changes[i] is not JsonObject change || change["type"]?.ToString() is not { } type || !Kinds.TryGetValue(type, out var kind))
            {
                problems.Add(($"{at}.type", "must be quantity, add-line, remove-line or ship-to."));
                continue;
            }
            var quantity = change["quantity"] is JsonValue q && q.TryGetValue<int>(out var n) ? n : (int?)null;
            switch (kind)
            {
                case OrderChangeKind.Quantity when string.IsNullOrWhiteSpace(change["lineId"]?.ToString()):
                case OrderChangeKind.RemoveLine when string.IsNullOrWhiteSpace(change["lineId"]?.ToString()):
                    problems.Add(($"{at}.lineId", "is required: the line to change."));
                    break;
                case OrderChangeKind.Quantity when quantity is not >= 0:
                    problems.Add(($"{at}.quantity", "must be a whole number of 0 or more (0 removes the line)."));
                    break;
                case OrderChangeKind.AddLine when string.IsNullOrWhiteSpace(change["sku"]?.ToString()):
                    problems.Add(($"{at}.sku", "is required: the SKU to add."));
                    break;
                case OrderChangeKind.AddLine when quantity is not >= 1:
                    problems.Add(($"{at}.quantity", "must be a whole number of at least 1."));
                    break;
                case OrderChangeKind.ShipTo when change["address"] is not JsonObject:
                    problems.Add(($"{at}.address", "is required: the new ship-to address {name, line1, city, postalCode, country}."));
                    break;
                default:
                    break;
            }
        }
        return problems;
    }

    /// <summary>The changes of a body that passed <see cref="Check"/>.</summary>
    public static List<OrderChange> Read(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return [.. (body["changes"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new OrderChange(
            Kinds[c["type"]!.ToString()], c["lineId"]?.ToString(), c["sku"]?.ToString(),
            c["quantity"] is JsonValue q && q.TryGetValue<int>(out var n) ? n : null,
            c["address"] is JsonObject address ? OrderJson.Read<Address>(address.ToJsonString()) : null))];
    }
}
