namespace OmsFlow.Orders.Sourcing;

/// <summary>One line to source.</summary>
/// <param name="ProtectedUnits">Units of the SKU at every node this order may not take: held back for higher demand classes.</param>
/// <param name="ProtectedPercent">Share of each node's available units of the SKU held back the same way (the larger of the two applies).</param>
public sealed record SourcingLine(
    string LineId, string Sku, int Quantity, bool Hazmat = false, bool Oversize = false, int ProtectedUnits = 0, decimal ProtectedPercent = 0m);

/// <summary>A node that could ship, with what it has left today.</summary>
public sealed record SourcingNode(
    string Id, string Kind, double Latitude, double Longitude, int CapacityLeft, bool PastCutoff,
    decimal CostPerShipment, decimal CostPerUnit, decimal CostPerKm);

/// <summary>Units of a SKU a node can promise: on hand - reserved - safety stock (store extra safety is added by the planner).</summary>
public sealed record NodeStock(string NodeId, string Sku, int Available, int SafetyStock);

/// <summary>Everything the planner needs, read before planning.</summary>
public sealed record SourcingRequest(
    IReadOnlyList<SourcingLine> Lines, double? Latitude, double? Longitude, bool Express,
    IReadOnlyList<SourcingNode> Nodes, IReadOnlyList<NodeStock> Stock);

/// <summary>Units of a line taken from a node.</summary>
public sealed record PlannedAllocation(string LineId, string Sku, string NodeId, int Quantity, int SafetyStock, double DistanceKm, int DeliveryDays);

/// <summary>A sourcing decision: allocations, units left over (backordered), and why.</summary>
public sealed record SourcingPlan(IReadOnlyList<PlannedAllocation> Allocations, IReadOnlyDictionary<string, int> Unsourced, IReadOnlyList<string> Notes, bool RelaxedSoftConstraints)
{
    public int UnsourcedUnits => Unsourced.Values.Sum();

    public int Shipments => Allocations.Select(a => a.NodeId).Distinct(StringComparer.Ordinal).Count();
}
