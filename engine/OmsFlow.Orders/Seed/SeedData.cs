using System.Text.Json.Nodes;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Orders.Seed;

/// <summary>Everything the generator produces: reference data rows for the OMS tables and sample orders to post.</summary>
public sealed record SeedData(
    IReadOnlyList<NodeRecord> Nodes,
    IReadOnlyList<ProductRecord> Products,
    IReadOnlyList<InventoryRecord> Inventory,
    IReadOnlyList<CustomerRecord> Customers,
    IReadOnlyList<SampleOrder> SampleOrders);

/// <summary>
/// An order exactly as an integrator posts it to <c>/hooks/orders</c>, with a label for pickers and the edge cases
/// it exercises (<see cref="SampleTags"/>).
/// </summary>
public sealed record SampleOrder(string Id, string Label, IReadOnlyList<string> Tags, JsonObject Order);

/// <summary>The edge-case tags sample orders carry.</summary>
public static class SampleTags
{
    public const string Normal = "normal";
    public const string OverApprovalThreshold = "over-approval-threshold";
    public const string BigDiscount = "big-discount";
    public const string Coupon = "coupon";
    public const string BadAddress = "bad-address";
    public const string DuplicateExternalId = "duplicate-external-id";
    public const string Split = "split";
    public const string OutOfStock = "out-of-stock";
    public const string InactiveSku = "inactive-sku";
    public const string Hazmat = "hazmat";
    public const string FraudRisk = "fraud-risk";
    public const string B2b = "b2b";
    public const string Gift = "gift";
    public const string Vip = "vip";
    public const string Replacement = "replacement";
    public const string Express = "express";
    public const string MultiLine = "multi-line";
}
