using OmsFlow.Templates.Helpers;

namespace OmsFlow.Templates.Labels;

/// <summary>The data of a 4x6 shipping label; ZPL and PDF are rendered from the same record.</summary>
public sealed record ShippingLabel
{
    public required PostalAddress ShipFrom { get; init; }
    public required PostalAddress ShipTo { get; init; }
    public required string Carrier { get; init; }
    public string? Service { get; init; }
    public required string TrackingNumber { get; init; }
    /// <summary>The first 17 SSCC digits (extension, company prefix, serial); the check digit is computed.</summary>
    public required string SsccBody { get; init; }
    public decimal WeightKg { get; init; }
    public int PackageNumber { get; init; } = 1;
    public int PackageCount { get; init; } = 1;
    public string? OrderReference { get; init; }
    public DateTimeOffset? ShipDate { get; init; }

    /// <summary>The full 18-digit SSCC with its check digit.</summary>
    public string Sscc => Labels.Sscc.Complete(SsccBody);
}
