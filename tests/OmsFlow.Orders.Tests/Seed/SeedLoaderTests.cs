using Microsoft.EntityFrameworkCore;
using OmsFlow.Orders.Seed;

namespace OmsFlow.Orders.Tests.Seed;

public sealed class SeedLoaderTests
{
    [Fact]
    public async Task LoadIfEmpty_EmptyDatabase_WritesEverything_ThenNeverAgain()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = SeedGenerator.Generate();
        var loader = new SeedLoader(database.Storage);

        var first = await loader.LoadIfEmptyAsync(data);
        var second = await loader.LoadIfEmptyAsync(data);

        Assert.True(first.Loaded);
        Assert.Equal((6, 50, 300, 2000), (first.Nodes, first.Products, first.Inventory, first.Customers));
        Assert.False(second.Loaded);
        await using var context = database.Storage.CreateContext();
        Assert.Equal(data.Nodes.Count, await context.Nodes.CountAsync());
        Assert.Equal(data.Products.Count, await context.Products.CountAsync());
        Assert.Equal(data.Inventory.Count, await context.Inventory.CountAsync());
        Assert.Equal(data.Customers.Count, await context.Customers.CountAsync());
        var customer = await context.Customers.SingleAsync(c => c.Id == data.Customers[17].Id);
        Assert.Equal(data.Customers[17].Document, customer.Document);
        Assert.Equal(data.Customers[17].CreditLimit, customer.CreditLimit);
        Assert.Equal(data.Customers[17].VatId, customer.VatId);
        var business = data.Customers.First(c => c.VatId is not null);
        Assert.Equal(business.VatId, (await context.Customers.SingleAsync(c => c.Id == business.Id)).VatId);
        Assert.Equal(data.Products.Where(p => !p.Active).Select(p => p.Sku), await context.Products.Where(p => !p.Active).OrderBy(p => p.Sku).Select(p => p.Sku).ToListAsync());
        var reno = await context.Nodes.SingleAsync(n => n.Id == "DC-RENO");
        Assert.Equal((data.Nodes[0].Latitude, data.Nodes[0].CapacityPerDay), (reno.Latitude, reno.CapacityPerDay));
        Assert.Equal(data.Inventory.Sum(i => i.OnHand), await context.Inventory.SumAsync(i => i.OnHand));
    }
}
