using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OmsFlow.Orders.Model;

/// <summary>
/// An order as integrators send it (id, channel, currency, customer, addresses, lines, payment, coupons, flags) plus
/// what OmsFlow adds while it runs the order: statuses, prices, holds, allocations, shipments, documents, history.
/// It lives in the order workflow's <c>order</c> variable (so rules, tables and templates read it as <c>order.*</c>)
/// and is written to the <c>orders</c> table with every step that changes it.
/// </summary>
public sealed class Order
{
    public string Id { get; set; } = string.Empty;

    /// <summary>The id the channel knows the order by (marketplace order number, ...); duplicates are rejected.</summary>
    public string? ExternalId { get; set; }

    /// <summary>web, app, marketplace, b2b, call-centre.</summary>
    public string Channel { get; set; } = "web";

    public string Currency { get; set; } = "USD";

    public DateTimeOffset? PlacedAt { get; set; }

    /// <summary>The date the customer was promised delivery by, if any.</summary>
    public DateOnly? PromisedBy { get; set; }

    /// <summary>standard or express.</summary>
    public string ShippingService { get; set; } = "standard";

    public CustomerInfo Customer { get; set; } = new();

    public Address? ShipTo { get; set; }

    public Address? BillTo { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    public PaymentInfo? Payment { get; set; }

    public List<string> CouponCodes { get; set; } = [];

    public OrderFlags Flags { get; set; } = new();

    /// <summary>Free-form data the channel sent that OmsFlow keeps and shows but does not interpret.</summary>
    public JsonObject? Attributes { get; set; }

    public OrderStatus Status { get; set; } = OrderStatus.Created;

    public PaymentStatus PaymentStatus { get; set; } = PaymentStatus.None;

    /// <summary>Line statuses rolled up, e.g. Released, PartiallyShipped, Delivered.</summary>
    public string FulfilmentStatus { get; set; } = nameof(LineStatus.Created);

    public Pricing? Pricing { get; set; }

    public List<Hold> Holds { get; set; } = [];

    public List<Shipment> Shipments { get; set; } = [];

    public List<OrderDocumentRef> Documents { get; set; } = [];

    public List<string> Problems { get; set; } = [];

    public string? CancelReason { get; set; }

    public List<StatusChange> History { get; set; } = [];

    /// <summary>The workflow instance running this order.</summary>
    public string? InstanceId { get; set; }
}

public sealed class CustomerInfo
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    /// <summary>consumer, vip, business, employee, ... (from the customer master when it knows the customer).</summary>
    public string? Segment { get; set; }

    /// <summary>Allocation priority class, e.g. A (strategic), B, C.</summary>
    public string? DemandClass { get; set; }

    public string? VatId { get; set; }

    public decimal? CreditLimit { get; set; }
}

public sealed class Address
{
    public string? Name { get; set; }

    public string? Company { get; set; }

    public string? Line1 { get; set; }

    public string? Line2 { get; set; }

    public string? City { get; set; }

    public string? Region { get; set; }

    public string? PostalCode { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; set; }

    public string? Phone { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }
}

public sealed class OrderLine
{
    public string Id { get; set; } = string.Empty;

    public string Sku { get; set; } = string.Empty;

    public string? Name { get; set; }

    public int Quantity { get; set; }

    /// <summary>Price the channel charged (optional: the price list decides when absent).</summary>
    public decimal? UnitPrice { get; set; }

    public string? TaxCategory { get; set; }

    public int? WeightGrams { get; set; }

    /// <summary>A gift line added by a promotion (free of charge).</summary>
    public bool Gift { get; set; }

    public LineStatus Status { get; set; } = LineStatus.Created;

    /// <summary>The line this one was split from (25 scheduled here, 75 backordered in the split).</summary>
    public string? SplitFrom { get; set; }

    /// <summary>Node the line ships from once scheduled.</summary>
    public string? NodeId { get; set; }

    public string? ReservationId { get; set; }

    public string? ShipmentId { get; set; }

    /// <summary>Price after discounts, per unit and for the line (set by pricing).</summary>
    public decimal? NetUnitPrice { get; set; }

    public decimal? LineTotal { get; set; }

    public decimal? DiscountTotal { get; set; }

    public decimal? TaxRate { get; set; }

    public decimal? TaxAmount { get; set; }

    public int ReturnedQuantity { get; set; }
}

public sealed class PaymentInfo
{
    public string? Method { get; set; }

    public string? AuthorizationId { get; set; }

    public decimal? Amount { get; set; }

    /// <summary>Address verification result: match, partial, mismatch.</summary>
    public string? Avs { get; set; }

    /// <summary>Card security code result: match, mismatch.</summary>
    public string? Cvv { get; set; }

    /// <summary>Risk score from the payment provider, 0-100.</summary>
    public int? RiskScore { get; set; }

    public decimal Captured { get; set; }

    public decimal Refunded { get; set; }
}

public sealed class OrderFlags
{
    public bool Gift { get; set; }

    public bool Vip { get; set; }

    public bool Replacement { get; set; }
}

public sealed class Pricing
{
    public decimal Subtotal { get; set; }

    public List<AppliedDiscount> Discounts { get; set; } = [];

    public decimal DiscountTotal { get; set; }

    /// <summary>Discount as a share of the subtotal, 0-100 (approval policies read it).</summary>
    public decimal DiscountPercent { get; set; }

    public decimal Shipping { get; set; }

    public List<TaxAmount> Taxes { get; set; } = [];

    public decimal TaxTotal { get; set; }

    public bool PricesIncludeTax { get; set; }

    /// <summary>B2B within the EU with a valid VAT id: the buyer accounts for the tax.</summary>
    public bool ReverseCharge { get; set; }

    public decimal GrandTotal { get; set; }

    /// <summary>The grand total in the seller's base currency, when the order is in another currency.</summary>
    public decimal? BaseGrandTotal { get; set; }

    public string? BaseCurrency { get; set; }

    public decimal? ExchangeRate { get; set; }
}

public sealed class AppliedDiscount
{
    public string Id { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    /// <summary>percentage, fixed, fixed-price, tiered, buy-x-get-y, gift, coupon, segment.</summary>
    public string Type { get; set; } = string.Empty;

    public string? Coupon { get; set; }

    public decimal Amount { get; set; }

    public List<string> LineIds { get; set; } = [];
}

public sealed class TaxAmount
{
    public decimal Rate { get; set; }

    public string Category { get; set; } = "standard";

    public decimal Base { get; set; }

    public decimal Amount { get; set; }
}

public sealed class Hold
{
    /// <summary>fraud, credit, address, manual.</summary>
    public string Type { get; set; } = "manual";

    public string Reason { get; set; } = string.Empty;

    public DateTimeOffset PlacedAt { get; set; }

    /// <summary>The role that may release it, e.g. risk or finance.</summary>
    public string ReleasableBy { get; set; } = "ops";

    public DateTimeOffset? AutoReleaseAt { get; set; }

    public DateTimeOffset? ReleasedAt { get; set; }

    public string? ReleasedBy { get; set; }

    [JsonIgnore]
    public bool Active => ReleasedAt is null;
}

public sealed class Shipment
{
    public string Id { get; set; } = string.Empty;

    public string NodeId { get; set; } = string.Empty;

    public List<string> LineIds { get; set; } = [];

    /// <summary>requested, cancelled, picked, packed, shipped, delivered.</summary>
    public string Status { get; set; } = "requested";

    public string? Carrier { get; set; }

    public string? Service { get; set; }

    public string? TrackingNumber { get; set; }

    /// <summary>Serial Shipping Container Code of the parcel (AI 00, 18 digits with check digit).</summary>
    public string? Sscc { get; set; }

    public int WeightGrams { get; set; }

    public int Packages { get; set; } = 1;

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? ShippedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateOnly? EstimatedDelivery { get; set; }

    public string? LabelDocumentId { get; set; }

    /// <summary>Why the request was cancelled (a change after release cancels and re-creates it).</summary>
    public string? CancelReason { get; set; }
}

public sealed class OrderDocumentRef
{
    /// <summary>invoice, credit-note, label, packing-slip.</summary>
    public string Kind { get; set; } = string.Empty;

    public string DocumentId { get; set; } = string.Empty;

    public string? Number { get; set; }

    public decimal? Total { get; set; }

    public DateTimeOffset IssuedAt { get; set; }
}

public sealed class StatusChange
{
    public DateTimeOffset At { get; set; }

    /// <summary>order, line or payment.</summary>
    public string Subject { get; set; } = "order";

    public string From { get; set; } = string.Empty;

    public string To { get; set; } = string.Empty;

    public string? Reason { get; set; }
}
