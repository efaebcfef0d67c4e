using System.Text.Json.Nodes;

namespace OmsFlow.Orders.Sourcing;

/// <summary>
/// How to source one order, as the <c>sourcing-rules</c> decision table decides it (the most specific row wins):
/// which nodes may ship, the objectives in order, and the constraints, each hard or soft.
/// </summary>
public sealed record SourcingPolicy
{
    /// <summary>Node kinds that may ship: dc, store, dropship.</summary>
    public IReadOnlyList<string> NodeKinds { get; init; } = ["dc", "store"];

    /// <summary>Objectives in order: fewest-shipments, nearest, lowest-cost, earliest-delivery.</summary>
    public IReadOnlyList<string> Objectives { get; init; } = ["fewest-shipments", "nearest", "lowest-cost"];

    /// <summary>Most nodes one order may ship from.</summary>
    public int MaxShipments { get; init; } = 3;

    public double? MaxDistanceKm { get; init; }

    public bool ShipFromStore { get; init; } = true;

    /// <summary>Extra units kept back at stores on top of their safety stock (shelf stock for walk-in customers).</summary>
    public int StoreSafetyStock { get; init; }

    /// <summary>Units that cannot be sourced wait for stock (otherwise the order fails to source).</summary>
    public bool AllowBackorder { get; init; } = true;

    /// <summary>Constraints that may be dropped when the strict plan leaves units unsourced: max-distance, capacity, cutoff.</summary>
    public IReadOnlyList<string> SoftConstraints { get; init; } = ["max-distance", "capacity"];

    public bool IsSoft(string constraint) => SoftConstraints.Contains(constraint, StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads a policy from a decision table's outputs; missing outputs keep their defaults.</summary>
    public static SourcingPolicy FromTableOutput(JsonNode? output)
    {
        var policy = new SourcingPolicy();
        if (output is not JsonObject o)
        {
            return policy;
        }
        return policy with
        {
            NodeKinds = List(o["nodeKinds"]) ?? policy.NodeKinds,
            Objectives = List(o["objectives"]) ?? policy.Objectives,
            MaxShipments = Int(o["maxShipments"]) ?? policy.MaxShipments,
            MaxDistanceKm = Double(o["maxDistanceKm"]) ?? policy.MaxDistanceKm,
            ShipFromStore = Bool(o["shipFromStore"]) ?? policy.ShipFromStore,
            StoreSafetyStock = Int(o["storeSafetyStock"]) ?? policy.StoreSafetyStock,
            AllowBackorder = Bool(o["allowBackorder"]) ?? policy.AllowBackorder,
            SoftConstraints = List(o["softConstraints"]) ?? policy.SoftConstraints,
        };
    }

    private static List<string>? List(JsonNode? node) => node switch
    {
        JsonArray array => [.. array.Select(v => v?.ToString() ?? string.Empty).Where(v => v.Length > 0)],
        JsonValue value when value.ToString() is { Length: > 0 } text => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        _ => null,
    };

    private static int? Int(JsonNode? node) => Double(node) is { } d ? (int)d : null;

    private static double? Double(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d
        : node is JsonValue s && double.TryParse(s.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static bool? Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b
        : node is JsonValue s && bool.TryParse(s.ToString(), out var parsed) ? parsed : null;
}
