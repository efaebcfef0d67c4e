using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Orders.Seed;

/// <summary>What <see cref="SeedLoader.LoadIfEmptyAsync"/> did.</summary>
/// <param name="Loaded">False when the database already had nodes (nothing was written).</param>
public sealed record SeedLoadReport(bool Loaded, int Nodes, int Products, int Inventory, int Customers, TimeSpan Elapsed);

/// <summary>
/// Writes generated reference data (nodes, products, inventory, customers) into a database that has none, in one
/// transaction: either all of it is there or none, so a crash mid-load leaves an empty database that loads next start.
/// </summary>
public sealed class SeedLoader(OmsFlowStorage storage)
{
    /// <summary>Loads <paramref name="data"/> unless the database already has nodes.</summary>
    public async Task<SeedLoadReport> LoadIfEmptyAsync(SeedData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var clock = Stopwatch.StartNew();
        await using var context = storage.CreateContext();
        // Plain inserts of new rows: nothing to compare, so change detection is only overhead.
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await context.Nodes.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return new SeedLoadReport(false, 0, 0, 0, 0, clock.Elapsed);
        }
        context.Nodes.AddRange(data.Nodes.Select(Copy.Of));
        context.Products.AddRange(data.Products.Select(Copy.Of));
        context.Inventory.AddRange(data.Inventory.Select(Copy.Of));
        context.Customers.AddRange(data.Customers.Select(Copy.Of));
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new SeedLoadReport(true, data.Nodes.Count, data.Products.Count, data.Inventory.Count, data.Customers.Count, clock.Elapsed);
    }
}
