namespace OmsFlow.Orders.Sourcing;

/// <summary>
/// Decides which nodes ship which units, from a snapshot of stock (pure: no I/O, so it is easy to test and to rehearse).
/// </summary>
/// <remarks>
/// The order of work follows how OMS teams state sourcing rules: first the hard constraints filter candidate nodes
/// (node kinds, ship-from-store, hazmat/oversize never from stores, max distance, capacity, cut-off for express, and
/// allocation protection: stock held back for higher demand classes);
/// then, when fewest shipments matters, a node that can ship the whole order wins; otherwise each line goes to the best
/// node that has all of it, and only then is it split across nodes, up to the policy's maximum number of shipments.
/// "Best" compares the remaining objectives in the policy's order. What cannot be sourced is backordered. When the
/// strict plan leaves units unsourced, the planner tries again without the soft constraints and keeps the better plan.
/// </remarks>
public static class SourcingPlanner
{
    public static SourcingPlan Plan(SourcingRequest request, SourcingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        var strict = PlanOnce(request, policy, relax: false);
        if (strict.UnsourcedUnits == 0 || policy.SoftConstraints.Count == 0)
        {
            return strict;
        }
        var relaxed = PlanOnce(request, policy, relax: true);
        return relaxed.UnsourcedUnits < strict.UnsourcedUnits ? relaxed : strict;
    }

    /// <summary>Great-circle distance in kilometres.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double earthRadiusKm = 6371.0;
        var dLat = Radians(lat2 - lat1);
        var dLon = Radians(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return earthRadiusKm * 2 * Math.Atan2(Math.Sqrt(a), Math.Sqrt(1 - a));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180.0;

    private static SourcingPlan PlanOnce(SourcingRequest request, SourcingPolicy policy, bool relax)
    {
        var notes = new List<string>();
        var candidates = Candidates(request, policy, relax, notes);
        var available = new Dictionary<(string Node, string Sku), int>();
        var safety = new Dictionary<(string Node, string Sku), int>();
        foreach (var stock in request.Stock)
        {
            var node = candidates.FirstOrDefault(c => c.Node.Id == stock.NodeId);
            if (node is null)
            {
                continue;
            }
            var extra = node.Node.Kind == "store" ? policy.StoreSafetyStock : 0;
            available[(stock.NodeId, stock.Sku)] = Math.Max(0, stock.Available - extra);
            safety[(stock.NodeId, stock.Sku)] = stock.SafetyStock + extra;
        }
        var held = HeldBack(request, available, notes);
        var ignoreCapacity = relax && policy.IsSoft("capacity");
        var capacity = candidates.ToDictionary(c => c.Node.Id, c => ignoreCapacity ? int.MaxValue : c.Node.CapacityLeft, StringComparer.Ordinal);
        var ranked = Rank(candidates, policy, request);

        int Available(Candidate node, SourcingLine line)
            => (line.Hazmat || line.Oversize) && node.Node.Kind == "store" ? 0
                : Math.Max(0, available.GetValueOrDefault((node.Node.Id, line.Sku)) - held.GetValueOrDefault((node.Node.Id, line.Sku)));

        var allocations = new List<PlannedAllocation>();
        void Take(Candidate node, SourcingLine line, int quantity)
        {
            available[(node.Node.Id, line.Sku)] -= quantity;
            capacity[node.Node.Id] = capacity[node.Node.Id] == int.MaxValue ? int.MaxValue : capacity[node.Node.Id] - quantity;
            allocations.Add(new PlannedAllocation(line.LineId, line.Sku, node.Node.Id, quantity, safety.GetValueOrDefault((node.Node.Id, line.Sku)),
                Math.Round(node.DistanceKm, 1), DeliveryDays(node, request.Express)));
        }

        var fewest = policy.Objectives.Contains("fewest-shipments", StringComparer.OrdinalIgnoreCase);
        var totalUnits = request.Lines.Sum(l => l.Quantity);
        if (fewest)
        {
            var whole = ranked.FirstOrDefault(n => capacity[n.Node.Id] >= totalUnits && request.Lines.All(l => Available(n, l) >= l.Quantity));
            if (whole is not null)
            {
                foreach (var line in request.Lines)
                {
                    Take(whole, line, line.Quantity);
                }
                notes.Add($"{whole.Node.Id} ships the whole order.");
                return new SourcingPlan(allocations, new Dictionary<string, int>(), notes, relax);
            }
        }

        var used = new List<string>();
        var unsourced = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in request.Lines.OrderByDescending(l => l.Quantity))
        {
            var order = fewest ? ranked.OrderBy(n => used.Contains(n.Node.Id) ? 0 : 1).ToList() : ranked;
            bool MayUse(Candidate n) => used.Contains(n.Node.Id) || used.Count < policy.MaxShipments;
            var full = order.FirstOrDefault(n => MayUse(n) && Available(n, line) >= line.Quantity && capacity[n.Node.Id] >= line.Quantity);
            if (full is not null)
            {
                Take(full, line, line.Quantity);
                Use(full);
                continue;
            }
            var remaining = line.Quantity;
            foreach (var node in order)
            {
                if (remaining == 0)
                {
                    break;
                }
                var quantity = Math.Min(remaining, Math.Min(Available(node, line), capacity[node.Node.Id]));
                if (quantity <= 0 || !MayUse(node))
                {
                    continue;
                }
                Take(node, line, quantity);
                Use(node);
                remaining -= quantity;
            }
            if (remaining > 0)
            {
                unsourced[line.LineId] = remaining;
                notes.Add($"Line {line.LineId}: {remaining} x {line.Sku} could not be sourced.");
            }
        }
        if (relax)
        {
            notes.Add("Soft constraints (" + string.Join(", ", policy.SoftConstraints) + ") were relaxed to source more units.");
        }
        return new SourcingPlan(allocations, unsourced, notes, relax);

        void Use(Candidate node)
        {
            if (!used.Contains(node.Node.Id))
            {
                used.Add(node.Node.Id);
            }
        }
    }

    private sealed record Candidate(SourcingNode Node, double DistanceKm, decimal Cost);

    /// <summary>
    /// Allocation protection, a hard constraint (never relaxed): units per node and SKU this order may not take because
    /// they are kept for higher demand classes, computed on the node's available stock before this order takes any.
    /// </summary>
    private static Dictionary<(string Node, string Sku), int> HeldBack(SourcingRequest request, Dictionary<(string Node, string Sku), int> available, List<string> notes)
    {
        var held = new Dictionary<(string Node, string Sku), int>();
        foreach (var line in request.Lines.Where(l => l.ProtectedUnits > 0 || l.ProtectedPercent > 0))
        {
            foreach (var (key, units) in available.Where(a => a.Key.Sku == line.Sku && a.Value > 0))
            {
                var share = (int)Math.Ceiling(units * line.ProtectedPercent / 100m);
                held[key] = Math.Max(held.GetValueOrDefault(key), Math.Min(units, Math.Max(line.ProtectedUnits, share)));
            }
        }
        foreach (var ((node, sku), units) in held.OrderBy(h => h.Key.Node, StringComparer.Ordinal))
        {
            notes.Add($"{node}: {units} x {sku} held back for higher demand classes.");
        }
        return held;
    }

    private static List<Candidate> Candidates(SourcingRequest request, SourcingPolicy policy, bool relax, List<string> notes)
    {
        var result = new List<Candidate>();
        var units = request.Lines.Sum(l => l.Quantity);
        foreach (var node in request.Nodes)
        {
            if (!policy.NodeKinds.Contains(node.Kind, StringComparer.OrdinalIgnoreCase) || (node.Kind == "store" && !policy.ShipFromStore))
            {
                continue;
            }
            var distance = request.Latitude is { } lat && request.Longitude is { } lon ? DistanceKm(lat, lon, node.Latitude, node.Longitude) : 0;
            if (policy.MaxDistanceKm is { } max && distance > max && !(relax && policy.IsSoft("max-distance")))
            {
                notes.Add($"{node.Id} is {distance:0} km away, beyond {max:0} km.");
                continue;
            }
            if (node.CapacityLeft <= 0 && !(relax && policy.IsSoft("capacity")))
            {
                notes.Add($"{node.Id} has no capacity left today.");
                continue;
            }
            if (request.Express && node.PastCutoff && !(relax && policy.IsSoft("cutoff")))
            {
                notes.Add($"{node.Id} is past its cut-off for express.");
                continue;
            }
            var cost = node.CostPerShipment + (node.CostPerUnit * units) + (node.CostPerKm * (decimal)distance);
            result.Add(new Candidate(node, distance, cost));
        }
        return result;
    }

    private static List<Candidate> Rank(List<Candidate> candidates, SourcingPolicy policy, SourcingRequest request)
    {
        IOrderedEnumerable<Candidate>? ordered = null;
        foreach (var objective in policy.Objectives)
        {
            Func<Candidate, double>? key = objective.ToLowerInvariant() switch
            {
                "nearest" => c => Math.Round(c.DistanceKm, 0),
                "lowest-cost" => c => (double)Math.Round(c.Cost, 2),
                "earliest-delivery" => c => DeliveryDays(c, request.Express),
                _ => null,
            };
            if (key is not null)
            {
                ordered = ordered is null ? candidates.OrderBy(key) : ordered.ThenBy(key);
            }
        }
        return [.. (ordered ?? candidates.OrderBy(c => c.DistanceKm)).ThenBy(c => c.Node.Id, StringComparer.Ordinal)];
    }

    /// <summary>Days to the customer: carrier transit by distance, plus a day when the node is past today's cut-off.</summary>
    private static int DeliveryDays(Candidate node, bool express)
        => (express ? 1 + (int)(node.DistanceKm / 1500) : 2 + (int)(node.DistanceKm / 800)) + (node.Node.PastCutoff ? 1 : 0);
}
