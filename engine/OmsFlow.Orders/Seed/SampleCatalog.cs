using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Orders.Seed;

/// <summary>The generated products and stock seen the way sample orders need them: which SKUs suit which edge case.</summary>
internal sealed class SampleCatalog
{
    private readonly Dictionary<string, JsonObject> _documents;
    private readonly List<(ProductRecord Product, int Largest, int Total)> _splittable;

    public SampleCatalog(IReadOnlyList<NodeRecord> nodes, IReadOnlyList<ProductRecord> products, IReadOnlyList<InventoryRecord> inventory)
    {
        _documents = products.ToDictionary(p => p.Sku, p => JsonNode.Parse(p.Document)!.AsObject(), StringComparer.Ordinal);
        var available = inventory.GroupBy(i => i.Sku, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(i => Math.Max(0, i.OnHand - i.Reserved - i.SafetyStock)).ToList(), StringComparer.Ordinal);
        bool Flag(ProductRecord p, string name) => _documents[p.Sku][name]?.GetValue<bool>() == true;
        int Total(ProductRecord p) => available.TryGetValue(p.Sku, out var a) ? a.Sum() : 0;

        OutOfStock = products.FirstOrDefault(p => p.Active && Total(p) == 0) ?? products[1];
        Hazmat = [.. products.Where(p => p.Active && Flag(p, "hazmat"))];
        Inactive = [.. products.Where(p => !p.Active)];
        Everyday = [.. products.Where(p => p.Active && !Flag(p, "hazmat") && Total(p) > 0 && p.Sku != OutOfStock.Sku)];
        if (Hazmat.Count == 0 || Inactive.Count == 0 || Everyday.Count == 0)
        {
            throw new InvalidOperationException("The catalogue needs hazmat, inactive and stocked items for the edge-case orders; raise products in seed.yaml.");
        }
        Premium = Everyday.MaxBy(UsdPrice)!;
        _splittable = [.. Everyday
            .Select(p => (Product: p, Largest: available[p.Sku].Max(), Total: Total(p)))
            .Where(x => x.Total - x.Largest >= 10)
            .OrderBy(x => x.Product.Sku, StringComparer.Ordinal)];
        if (_splittable.Count == 0 || nodes.Count < 2)
        {
            throw new InvalidOperationException("No SKU has stock spread over several nodes, so no order can force a split.");
        }
    }

    /// <summary>Active, stocked, unrestricted items ordinary orders are made of.</summary>
    public IReadOnlyList<ProductRecord> Everyday { get; }

    /// <summary>An active SKU with nothing available at any node.</summary>
    public ProductRecord OutOfStock { get; }

    public IReadOnlyList<ProductRecord> Hazmat { get; }

    public IReadOnlyList<ProductRecord> Inactive { get; }

    /// <summary>The most expensive everyday item (used to cross the approval threshold with few units).</summary>
    public ProductRecord Premium { get; }

    public decimal UsdPrice(ProductRecord product) => Price(product, "USD");

    public decimal Price(ProductRecord product, string currency)
        => decimal.Parse(_documents[product.Sku]["prices"]![currency]!.ToJsonString(), NumberStyles.Number, CultureInfo.InvariantCulture);

    public static int PackMultiple(ProductRecord product)
        => JsonNode.Parse(product.Document)?["packMultiple"]?.GetValue<int>() is { } multiple and > 0 ? multiple : 1;

    /// <summary>A SKU and a quantity more than any one node has available but no more than all nodes together.</summary>
    public (ProductRecord Product, int Quantity, int Largest) SplitCandidate(int turn)
    {
        var (product, largest, total) = _splittable[turn % _splittable.Count];
        return (product, largest + ((total - largest) / 2), largest);
    }
}
