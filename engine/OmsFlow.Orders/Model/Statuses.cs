using System.Text.Json.Serialization;

namespace OmsFlow.Orders.Model;

/// <summary>The order's own status; line and payment statuses are kept apart (see <see cref="Lifecycle"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    Draft,
    Created,
    Validated,
    OnHold,
    PendingApproval,
    Processing,
    Closed,
    Cancelled,

    /// <summary>Failed validation or was rejected by an approver; the reason is in <see cref="Order.CancelReason"/>.</summary>
    Rejected,
}

/// <summary>Where one line is in fulfilment.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LineStatus>))]
public enum LineStatus
{
    Created,
    Scheduled,
    Backordered,
    Released,
    Picked,
    Packed,
    Shipped,
    Delivered,
    Invoiced,
    Closed,
    ReturnRequested,
    Returned,
    Refunded,
    Cancelled,
}

[JsonConverter(typeof(JsonStringEnumConverter<PaymentStatus>))]
public enum PaymentStatus
{
    None,
    Authorized,
    Captured,
    PartiallyRefunded,
    Refunded,
    Voided,
    Failed,
}
