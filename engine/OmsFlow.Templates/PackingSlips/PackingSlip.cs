using OmsFlow.Templates.Helpers;

namespace OmsFlow.Templates.PackingSlips;

/// <summary>The data of a packing slip: what is in this parcel and where it goes.</summary>
public sealed record PackingSlip
{
    public required string OrderNumber { get; init; }
    public DateTimeOffset? OrderDate { get; init; }
    public string? ShipmentNumber { get; init; }
    public int PackageNumber { get; init; } = 1;
    public int PackageCount { get; init; } = 1;
    public required PostalAddress ShipFrom { get; init; }
    public required PostalAddress ShipTo { get; init; }
    public required IReadOnlyList<PackingSlipLine> Lines { get; init; }
    public string? GiftMessage { get; init; }
    public string? ReturnsUrl { get; init; }
}

/// <summary>One item in the parcel; <see cref="Bin"/> is the pick location for the warehouse.</summary>
public sealed record PackingSlipLine
{
    public required string Sku { get; init; }
    public required string Description { get; init; }
    public decimal Quantity { get; init; }
    public string? Bin { get; init; }
}
