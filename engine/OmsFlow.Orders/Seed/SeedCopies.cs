using OmsFlow.Persistence.Records;

namespace OmsFlow.Orders.Seed;

/// <summary>
/// Fresh row objects for a load: the generated data is shared (e.g. cached by the server for the samples API), and
/// EF Core would otherwise track, and on later loads in the same process refuse, the very same instances.
/// </summary>
internal static class Copy
{
    public static NodeRecord Of(NodeRecord n) => new()
    {
        Id = n.Id, Kind = n.Kind, Name = n.Name, Country = n.Country, Latitude = n.Latitude, Longitude = n.Longitude,
        CapacityPerDay = n.CapacityPerDay, Document = n.Document,
    };

    public static ProductRecord Of(ProductRecord p) => new()
    {
        Sku = p.Sku, Gtin = p.Gtin, Name = p.Name, TaxCategory = p.TaxCategory, WeightGrams = p.WeightGrams, Active = p.Active, Document = p.Document,
    };

    public static InventoryRecord Of(InventoryRecord i) => new()
    {
        NodeId = i.NodeId, Sku = i.Sku, OnHand = i.OnHand, Reserved = i.Reserved, SafetyStock = i.SafetyStock, Inbound = i.Inbound,
        ReorderPoint = i.ReorderPoint, UpdatedAt = i.UpdatedAt,
    };

    public static CustomerRecord Of(CustomerRecord c) => new()
    {
        Id = c.Id, Name = c.Name, Email = c.Email, Segment = c.Segment, DemandClass = c.DemandClass, CreditLimit = c.CreditLimit,
        Currency = c.Currency, VatId = c.VatId, Country = c.Country, Document = c.Document,
    };
}
