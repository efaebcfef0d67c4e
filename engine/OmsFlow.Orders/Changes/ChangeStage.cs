using OmsFlow.Orders.Model;

namespace OmsFlow.Orders.Changes;

/// <summary>Where the lines a change touches are, and whether the change can still be made there (DOMAIN.md change management).</summary>
public static class ChangeStage
{
    /// <summary>The lines the changes touch (every live line for a new ship-to address).</summary>
    public static HashSet<string> TouchedLines(Order order, IEnumerable<OrderChange> changes)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(changes);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.Kind == OrderChangeKind.ShipTo)
            {
                touched.UnionWith(order.Lines.Where(l => l.Status != LineStatus.Cancelled).Select(l => l.Id));
            }
            else if (change.LineId is { } lineId)
            {
                touched.Add(lineId);
            }
        }
        return touched;
    }

    /// <summary>Why the changes cannot be made, or null when they can.</summary>
    public static string? Blocker(Order order, IReadOnlyList<OrderChange> changes)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(changes);
        if (order.Status is OrderStatus.Cancelled or OrderStatus.Closed or OrderStatus.Rejected)
        {
            return $"Order {order.Id} is {order.Status}; it can no longer change.";
        }
        foreach (var lineId in changes.Where(c => c.LineId is not null).Select(c => c.LineId!))
        {
            var line = order.Lines.FirstOrDefault(l => l.Id == lineId);
            if (line is null)
            {
                return $"Order {order.Id} has no line {lineId}; its lines are {string.Join(", ", order.Lines.Select(l => l.Id))}.";
            }
            if (line.Status == LineStatus.Cancelled)
            {
                return $"Line {lineId} is cancelled; add a new line instead.";
            }
        }
        foreach (var line in order.Lines.Where(l => TouchedLines(order, changes).Contains(l.Id)))
        {
            if (Lifecycle.IsShippedOrLater(line.Status))
            {
                return $"Line {line.Id} has shipped ({line.Status}); it can only be returned and credited.";
            }
            if (line.Status is LineStatus.Picked or LineStatus.Packed
                || order.Shipments.Any(s => s.Id == line.ShipmentId && s.Status is "picked" or "packed"))
            {
                return $"Line {line.Id} is already being picked or packed at {line.NodeId}; the warehouse must cancel the parcel before the order can change.";
            }
        }
        return null;
    }

    /// <summary>How far the touched lines got: before-scheduling, after-reservation or after-release (the furthest wins).</summary>
    public static string Of(Order order, IReadOnlySet<string> touched)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(touched);
        var statuses = order.Lines.Where(l => touched.Contains(l.Id)).Select(l => l.Status).ToList();
        return statuses.Contains(LineStatus.Released) ? "after-release"
            : statuses.Contains(LineStatus.Scheduled) ? "after-reservation"
            : "before-scheduling";
    }
}
