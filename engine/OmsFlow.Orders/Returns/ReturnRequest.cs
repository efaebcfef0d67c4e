using System.Text.Json.Nodes;

namespace OmsFlow.Orders.Returns;

/// <summary>The body of <c>POST /hooks/returns</c>: <c>{orderId, lines: [{lineId, quantity, reason}]}</c>.</summary>
public static class ReturnRequest
{
    /// <summary>What is wrong with <paramref name="body"/>, field by field (empty when it can start a return).</summary>
    public static List<(string Field, string Message)> Check(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var problems = new List<(string, string)>();
        if (body["orderId"] is not JsonValue orderId || string.IsNullOrWhiteSpace(orderId.ToString()))
        {
            problems.Add(("orderId", "is required: the order the items were bought with."));
        }
        if (body["lines"] is not JsonArray lines || lines.Count == 0)
        {
            problems.Add(("lines", "must list at least one {lineId, quantity, reason}."));
            return problems;
        }
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is not JsonObject line)
            {
                problems.Add(($"lines[{i}]", "must be an object {lineId, quantity, reason}."));
                continue;
            }
            if (string.IsNullOrWhiteSpace(line["lineId"]?.ToString()))
            {
                problems.Add(($"lines[{i}].lineId", "is required: the id of the order line being returned."));
            }
            if (line["quantity"] is not JsonValue quantity || !quantity.TryGetValue<int>(out var units) || units < 1)
            {
                problems.Add(($"lines[{i}].quantity", "must be a whole number of at least 1."));
            }
        }
        return problems;
    }

    /// <summary>The requested lines as (line id, quantity, reason), in request order; call after <see cref="Check"/> passed.</summary>
    public static List<(string LineId, int Quantity, string? Reason)> Lines(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return [.. (body["lines"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(l => (l["lineId"]!.ToString(), l["quantity"]!.GetValue<int>(), l["reason"]?.ToString()))];
    }
}
