namespace OmsFlow.Orders.Model;

/// <summary>
/// The transitions DOMAIN.md allows for orders, lines and payments. Every status change goes through here, so an
/// order can never skip a step (a line cannot be cancelled once shipped; a closed order does not reopen).
/// </summary>
public static class Lifecycle
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> OrderMoves = new()
    {
        [OrderStatus.Draft] = [OrderStatus.Created, OrderStatus.Cancelled],
        [OrderStatus.Created] = [OrderStatus.Validated, OrderStatus.Rejected, OrderStatus.OnHold, OrderStatus.Cancelled],
        [OrderStatus.Validated] = [OrderStatus.OnHold, OrderStatus.PendingApproval, OrderStatus.Processing, OrderStatus.Cancelled, OrderStatus.Created],
        [OrderStatus.OnHold] = [OrderStatus.Created, OrderStatus.Validated, OrderStatus.PendingApproval, OrderStatus.Processing, OrderStatus.Cancelled],
        [OrderStatus.PendingApproval] = [OrderStatus.Processing, OrderStatus.Rejected, OrderStatus.OnHold, OrderStatus.Cancelled],
        [OrderStatus.Processing] = [OrderStatus.Closed, OrderStatus.OnHold, OrderStatus.Cancelled, OrderStatus.Created],
        [OrderStatus.Rejected] = [OrderStatus.Draft],
        [OrderStatus.Closed] = [],
        [OrderStatus.Cancelled] = [],
    };

    private static readonly Dictionary<LineStatus, LineStatus[]> LineMoves = new()
    {
        [LineStatus.Created] = [LineStatus.Scheduled, LineStatus.Backordered, LineStatus.Cancelled],
        [LineStatus.Backordered] = [LineStatus.Scheduled, LineStatus.Created, LineStatus.Cancelled],
        [LineStatus.Scheduled] = [LineStatus.Released, LineStatus.Created, LineStatus.Backordered, LineStatus.Cancelled],
        // A change after release cancels the shipment request and re-creates it: the line goes back to Created.
        [LineStatus.Released] = [LineStatus.Picked, LineStatus.Packed, LineStatus.Shipped, LineStatus.Created, LineStatus.Cancelled],
        [LineStatus.Picked] = [LineStatus.Packed, LineStatus.Shipped],
        [LineStatus.Packed] = [LineStatus.Shipped],
        [LineStatus.Shipped] = [LineStatus.Delivered, LineStatus.Invoiced],
        [LineStatus.Delivered] = [LineStatus.Invoiced, LineStatus.Closed, LineStatus.ReturnRequested],
        [LineStatus.Invoiced] = [LineStatus.Delivered, LineStatus.Closed, LineStatus.ReturnRequested],
        [LineStatus.Closed] = [LineStatus.ReturnRequested],
        [LineStatus.ReturnRequested] = [LineStatus.Returned, LineStatus.Closed],
        [LineStatus.Returned] = [LineStatus.Refunded],
        [LineStatus.Refunded] = [],
        [LineStatus.Cancelled] = [],
    };

    private static readonly Dictionary<PaymentStatus, PaymentStatus[]> PaymentMoves = new()
    {
        [PaymentStatus.None] = [PaymentStatus.Authorized, PaymentStatus.Captured, PaymentStatus.Failed],
        [PaymentStatus.Authorized] = [PaymentStatus.Captured, PaymentStatus.Voided, PaymentStatus.Failed],
        [PaymentStatus.Captured] = [PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded],
        [PaymentStatus.PartiallyRefunded] = [PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded],
        [PaymentStatus.Refunded] = [],
        [PaymentStatus.Voided] = [],
        [PaymentStatus.Failed] = [PaymentStatus.Authorized],
    };

    /// <summary>Lines in these statuses are past the point where they can still be cancelled.</summary>
    public static bool IsShippedOrLater(LineStatus status) => status is LineStatus.Shipped or LineStatus.Delivered or LineStatus.Invoiced
        or LineStatus.Closed or LineStatus.ReturnRequested or LineStatus.Returned or LineStatus.Refunded;

    public static bool CanMove(OrderStatus from, OrderStatus to) => from == to || OrderMoves[from].Contains(to);

    public static bool CanMove(LineStatus from, LineStatus to) => from == to || LineMoves[from].Contains(to);

    public static bool CanMove(PaymentStatus from, PaymentStatus to) => from == to || PaymentMoves[from].Contains(to);

    /// <summary>Moves the order to <paramref name="to"/> and records it in the history.</summary>
    /// <exception cref="OrderTransitionException">The move is not allowed from the order's current status.</exception>
    public static void Move(Order order, OrderStatus to, DateTimeOffset at, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Status == to)
        {
            return;
        }
        if (!CanMove(order.Status, to))
        {
            throw new OrderTransitionException(
                $"Order {order.Id} cannot go from {order.Status} to {to}; from {order.Status} it can go to {Allowed(OrderMoves[order.Status])}.");
        }
        order.History.Add(new StatusChange { At = at, Subject = "order", From = order.Status.ToString(), To = to.ToString(), Reason = reason });
        order.Status = to;
    }

    /// <summary>Moves a line to <paramref name="to"/>, records it and updates the order's roll-up.</summary>
    /// <exception cref="OrderTransitionException">The move is not allowed from the line's current status.</exception>
    public static void Move(Order order, OrderLine line, LineStatus to, DateTimeOffset at, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(line);
        if (line.Status == to)
        {
            return;
        }
        if (!CanMove(line.Status, to))
        {
            throw new OrderTransitionException(
                $"Line {line.Id} of order {order.Id} cannot go from {line.Status} to {to}; from {line.Status} it can go to {Allowed(LineMoves[line.Status])}.");
        }
        order.History.Add(new StatusChange { At = at, Subject = "line " + line.Id, From = line.Status.ToString(), To = to.ToString(), Reason = reason });
        line.Status = to;
        order.FulfilmentStatus = RollUp(order.Lines);
    }

    /// <exception cref="OrderTransitionException">The move is not allowed from the payment's current status.</exception>
    public static void Move(Order order, PaymentStatus to, DateTimeOffset at, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.PaymentStatus == to)
        {
            return;
        }
        if (!CanMove(order.PaymentStatus, to))
        {
            throw new OrderTransitionException(
                $"The payment of order {order.Id} cannot go from {order.PaymentStatus} to {to}; from {order.PaymentStatus} it can go to {Allowed(PaymentMoves[order.PaymentStatus])}.");
        }
        order.History.Add(new StatusChange { At = at, Subject = "payment", From = order.PaymentStatus.ToString(), To = to.ToString(), Reason = reason });
        order.PaymentStatus = to;
    }

    /// <summary>
    /// The lines' statuses as one: the common status when all (non-cancelled) lines agree, else "Partially" + the most
    /// advanced status some lines reached (PartiallyShipped while one of two parcels is on its way).
    /// </summary>
    public static string RollUp(IReadOnlyList<OrderLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var live = lines.Where(l => l.Status != LineStatus.Cancelled && !l.Gift).Select(l => l.Status).Distinct().ToList();
        if (live.Count == 0)
        {
            return lines.Count == 0 ? nameof(LineStatus.Created) : nameof(LineStatus.Cancelled);
        }
        return live.Count == 1 ? live[0].ToString() : "Partially" + live.Max();
    }

    private static string Allowed(OrderStatus[] moves) => moves.Length == 0 ? "nothing (it is final)" : string.Join(", ", moves);

    private static string Allowed(LineStatus[] moves) => moves.Length == 0 ? "nothing (it is final)" : string.Join(", ", moves);

    private static string Allowed(PaymentStatus[] moves) => moves.Length == 0 ? "nothing (it is final)" : string.Join(", ", moves);
}

/// <summary>A status change the lifecycle does not allow.</summary>
public sealed class OrderTransitionException : Exception
{
    public OrderTransitionException()
    {
    }

    public OrderTransitionException(string message)
        : base(message)
    {
    }

    public OrderTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
