using System.Text.Json.Nodes;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;

namespace OmsFlow.Orders.Validation;

/// <summary>The <c>products</c> input of the order-validation rules: each ordered SKU's product (or null when unknown).</summary>
public static class ValidationCatalogue
{
    public static async Task<JsonObject> ForAsync(OrderStore store, Order order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(order);
        var products = await store.ProductsAsync(order.Lines.Select(l => l.Sku), cancellationToken).ConfigureAwait(false);
        var catalogue = new JsonObject();
        foreach (var line in order.Lines)
        {
            if (products.TryGetValue(line.Sku, out var product) && JsonNode.Parse(product.Document) is JsonObject document)
            {
                document["sku"] = product.Sku;
                document["gtin"] = product.Gtin;
                document["name"] = product.Name;
                document["active"] = product.Active;
                document["taxCategory"] = product.TaxCategory;
                document["weightGrams"] = product.WeightGrams;
                catalogue[line.Sku] = document;
            }
            else
            {
                catalogue[line.Sku] = null;
            }
        }
        return catalogue;
    }
}
