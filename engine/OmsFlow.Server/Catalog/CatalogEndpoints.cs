using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Http;
using OmsFlow.Server.Inventory;
using OmsFlow.Server.Security;
using OmsFlow.Server.Seed;

namespace OmsFlow.Server.Catalog;

/// <summary>
/// Reference data for the designer and ops: nodes, products, customers, and the sample orders. Integrators do not read it:
/// it spans every customer and node, and an integrator reads only what it started.
/// </summary>
internal static class CatalogEndpoints
{
    /// <summary>Maps the catalogue and the inventory API (<see cref="InventoryEndpoints"/>).</summary>
    public static IEndpointRouteBuilder MapReferenceDataApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/nodes", NodesAsync).WithTags("Catalog")
            .WithSummary("Fulfilment nodes (DCs, stores, drop-ship vendors) with coordinates, capacity, cut-off, costs and address.")
            .RequireAccess(AccessPolicies.ReadOperations);
        app.MapGet("/api/products", ProductsAsync).WithTags("Catalog")
            .WithSummary("Products with GTIN, tax category, weight, prices per currency and flags; filter with ?active=true|false.")
            .RequireAccess(AccessPolicies.ReadOperations);
        app.MapGet("/api/customers/{id}", CustomerAsync).WithTags("Catalog")
            .WithSummary("One customer: segment, demand class, currency, credit limit, VAT id and addresses.")
            .RequireAccess(AccessPolicies.ReadOperations);
        app.MapGet("/api/orders/samples", Samples).WithTags("Catalog")
            .WithSummary("Seeded sample orders as integrators post them to /hooks/orders, with labels and edge-case tags; filter with ?tag=.")
            .RequireAccess(AccessPolicies.ReadOperations);
        app.MapInventoryApi();
        return app;
    }

    private static async Task<IResult> NodesAsync(OmsFlowStorage storage, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var nodes = await context.Nodes.AsNoTracking().OrderBy(n => n.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = nodes.Select(NodeJson) });
    }

    private static async Task<IResult> ProductsAsync(OmsFlowStorage storage, bool? active, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var query = context.Products.AsNoTracking();
        if (active is { } wanted)
        {
            query = query.Where(p => p.Active == wanted);
        }
        var products = await query.OrderBy(p => p.Sku).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = products.Select(ProductJson) });
    }

    private static async Task<IResult> CustomerAsync(string id, OmsFlowStorage storage, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var customer = await context.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        return customer is null ? Problems.NotFound($"No customer '{id}'.") : TypedResults.Ok(CustomerJson(customer));
    }

    private static Ok<JsonObject> Samples(SeedSource seed, string? tag)
    {
        var items = seed.Data.SampleOrders
            .Where(s => tag is null || s.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            .Select(s => new JsonObject
            {
                ["id"] = s.Id,
                ["label"] = s.Label,
                ["tags"] = new JsonArray([.. s.Tags.Select(t => JsonValue.Create(t))]),
                ["order"] = s.Order.DeepClone(),
            });
        return TypedResults.Ok(new JsonObject { ["items"] = new JsonArray([.. items]) });
    }

    /// <summary>The record's columns followed by its document's fields (one flat object, as clients want it).</summary>
    private static JsonObject Flatten(JsonObject columns, string document)
    {
        if (JsonNode.Parse(document) is JsonObject extra)
        {
            foreach (var (name, value) in extra.ToList())
            {
                if (!columns.ContainsKey(name))
                {
                    extra.Remove(name);
                    columns[name] = value;
                }
            }
        }
        return columns;
    }

    internal static JsonObject NodeJson(NodeRecord n) => Flatten(new JsonObject
    {
        ["id"] = n.Id,
        ["kind"] = n.Kind,
        ["name"] = n.Name,
        ["country"] = n.Country,
        ["latitude"] = n.Latitude,
        ["longitude"] = n.Longitude,
        ["capacityPerDay"] = n.CapacityPerDay,
    }, n.Document);

    private static JsonObject ProductJson(ProductRecord p) => Flatten(new JsonObject
    {
        ["sku"] = p.Sku,
        ["gtin"] = p.Gtin,
        ["name"] = p.Name,
        ["taxCategory"] = p.TaxCategory,
        ["weightGrams"] = p.WeightGrams,
        ["active"] = p.Active,
    }, p.Document);

    private static JsonObject CustomerJson(CustomerRecord c) => Flatten(new JsonObject
    {
        ["id"] = c.Id,
        ["name"] = c.Name,
        ["email"] = c.Email,
        ["segment"] = c.Segment,
        ["demandClass"] = c.DemandClass,
        ["creditLimit"] = c.CreditLimit,
        ["currency"] = c.Currency,
        ["vatId"] = c.VatId,
        ["country"] = c.Country,
    }, c.Document);
}
