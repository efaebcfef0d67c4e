namespace OmsFlow.Persistence.Records;

/// <summary>
/// An order as the OMS sees it: the columns the API filters on, plus the whole order (lines, prices, holds,
/// shipments, documents) as JSON. The order's workflow instance is its only writer; the row is written in the same
/// transaction as the instance's step, so the two never disagree.
/// </summary>
public sealed class OrderRecord
{
    public required string Id { get; set; }

    public required string Status { get; set; }

    public required string PaymentStatus { get; set; }

    public string? CustomerId { get; set; }

    public string? Channel { get; set; }

    public required string Currency { get; set; }

    public decimal GrandTotal { get; set; }

    public string? InstanceId { get; set; }

    public required string Document { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }
}

/// <summary>A customer: segment and demand class drive discounts and allocation; credit limit drives credit holds.</summary>
public sealed class CustomerRecord
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public string? Email { get; set; }

    public required string Segment { get; set; }

    public required string DemandClass { get; set; }

    public decimal CreditLimit { get; set; }

    public required string Currency { get; set; }

    public string? VatId { get; set; }

    public string? Country { get; set; }

    /// <summary>Addresses and anything else integrators send, as JSON.</summary>
    public required string Document { get; set; }
}

/// <summary>A sellable item: GTIN, tax category, weight and prices per currency (in <see cref="Document"/>).</summary>
public sealed class ProductRecord
{
    public required string Sku { get; set; }

    public required string Gtin { get; set; }

    public required string Name { get; set; }

    public required string TaxCategory { get; set; }

    public int WeightGrams { get; set; }

    public bool Active { get; set; }

    public required string Document { get; set; }
}

/// <summary>A fulfilment node: a distribution centre, a store or a drop-ship vendor.</summary>
public sealed class NodeRecord
{
    public required string Id { get; set; }

    /// <summary>dc, store or dropship.</summary>
    public required string Kind { get; set; }

    public required string Name { get; set; }

    public required string Country { get; set; }

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    /// <summary>Units the node can ship per day.</summary>
    public int CapacityPerDay { get; set; }

    /// <summary>Cut-off time, time zone, costs, address, flags, as JSON.</summary>
    public required string Document { get; set; }
}

/// <summary>Stock of one SKU at one node. Available to promise = on hand - reserved - safety stock.</summary>
public sealed class InventoryRecord
{
    public required string NodeId { get; set; }

    public required string Sku { get; set; }

    public int OnHand { get; set; }

    public int Reserved { get; set; }

    public int SafetyStock { get; set; }

    public int Inbound { get; set; }

    /// <summary>Reorder point: at or under it (available), a purchase request is raised.</summary>
    public int ReorderPoint { get; set; }

    public long UpdatedAt { get; set; }
}

/// <summary>Units a node has promised to ship on one day, against its daily capacity.</summary>
public sealed class NodeLoadRecord
{
    public required string NodeId { get; set; }

    /// <summary>yyyy-MM-dd.</summary>
    public required string Day { get; set; }

    public int Units { get; set; }
}

/// <summary>
/// Units of one order line held at one node. Written by the step that sourced the order, keyed by that step's
/// execution, so a step that runs again after a crash finds its reservation instead of reserving twice.
/// </summary>
public sealed class ReservationRecord
{
    public required string Id { get; set; }

    public required string OrderId { get; set; }

    public required string LineId { get; set; }

    public required string NodeId { get; set; }

    public required string Sku { get; set; }

    public int Quantity { get; set; }

    /// <summary>active, released (stock back) or consumed (shipped: on hand went down).</summary>
    public required string Status { get; set; }

    public required string ExecutionKey { get; set; }

    public string? Day { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }
}

/// <summary>An issued invoice or credit note number: gapless per series, allocated once per step execution.</summary>
public sealed class InvoiceRecord
{
    public required string Number { get; set; }

    /// <summary>invoice or credit-note.</summary>
    public required string Kind { get; set; }

    public long Sequence { get; set; }

    public required string OrderId { get; set; }

    public required string ExecutionKey { get; set; }

    public string? DocumentId { get; set; }

    public required string Currency { get; set; }

    public decimal Total { get; set; }

    public long IssuedAt { get; set; }
}

/// <summary>A named counter (invoice numbers per series).</summary>
public sealed class SequenceRecord
{
    public required string Name { get; set; }

    public long NextValue { get; set; }
}

/// <summary>A request to buy stock, raised when a SKU at a node falls to its reorder point.</summary>
public sealed class PurchaseRequestRecord
{
    public required string Id { get; set; }

    public required string NodeId { get; set; }

    public required string Sku { get; set; }

    public int Quantity { get; set; }

    /// <summary>open, ordered, received, cancelled.</summary>
    public required string Status { get; set; }

    public string? Reason { get; set; }

    public required string ExecutionKey { get; set; }

    public long CreatedAt { get; set; }
}

/// <summary>An alert for ops: a step ran late (jeopardy), stock fell under its reorder point, ...</summary>
public sealed class OrderAlertRecord
{
    public required string Id { get; set; }

    /// <summary>jeopardy, reorder, hold.</summary>
    public required string Kind { get; set; }

    public string? OrderId { get; set; }

    public string? InstanceId { get; set; }

    public string? Step { get; set; }

    /// <summary>Higher is more urgent (0-100).</summary>
    public int Priority { get; set; }

    public required string Message { get; set; }

    public long CreatedAt { get; set; }

    public long? AcknowledgedAt { get; set; }
}

/// <summary>One use of a coupon code by an order, counted against the code's limits.</summary>
public sealed class CouponRedemptionRecord
{
    public required string Code { get; set; }

    public required string OrderId { get; set; }

    public string? CustomerId { get; set; }

    public long CreatedAt { get; set; }
}
