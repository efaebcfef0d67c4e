using Microsoft.EntityFrameworkCore;
using OmsFlow.Orders.Storage;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Orders.Tests.Replenishment;

/// <summary>At most one open purchase request per node and SKU, however many reorder checks saw the row low.</summary>
public sealed class RaisePurchaseRequestTests
{
    private static RaisePurchaseRequest Request(string executionKey, string node = "DC-VENLO", string sku = "SKU-1") => new(
        new PurchaseRequestRecord
        {
            Id = "PR-" + executionKey, NodeId = node, Sku = sku, Quantity = 10, Status = "open", Reason = "low", ExecutionKey = executionKey + "/" + node + "/" + sku, CreatedAt = 1,
        },
        new OrderAlertRecord { Id = executionKey + "/" + node + "/" + sku, Kind = "reorder", Priority = 60, Message = "low", CreatedAt = 1 });

    private static async Task CommitAsync(OmsFlowStorage storage, params UnitWrite[] writes)
    {
        var unit = new CommitUnit();
        unit.Writes.AddRange(writes);
        await storage.Writer.CommitAsync(unit);
    }

    [Fact]
    public async Task TwoChecksRaisingTheSameRow_LeaveOneOpenRequestAndOneAlert()
    {
        await using var db = await TestDatabase.CreateAsync();

        await Task.WhenAll(CommitAsync(db.Storage, Request("check-1")), CommitAsync(db.Storage, Request("check-2")), CommitAsync(db.Storage, Request("check-3", sku: "SKU-2")));

        await using var context = db.Storage.CreateContext();
        var open = await context.PurchaseRequests.AsNoTracking().Where(p => p.Status == "open").Select(p => p.Sku).OrderBy(s => s).ToListAsync();
        Assert.Equal(["SKU-1", "SKU-2"], open);
        Assert.Equal(2, await context.Alerts.CountAsync(a => a.Kind == "reorder"));
    }

    [Fact]
    public async Task OnceTheOpenRequestIsOrdered_ANewOneCanBeRaised()
    {
        await using var db = await TestDatabase.CreateAsync();
        await CommitAsync(db.Storage, Request("check-1"));
        await using (var context = db.Storage.CreateContext())
        {
            await context.PurchaseRequests.ExecuteUpdateAsync(p => p.SetProperty(x => x.Status, "ordered"));
        }

        await CommitAsync(db.Storage, Request("check-2"));

        await using var after = db.Storage.CreateContext();
        Assert.Equal(["ordered", "open"], await after.PurchaseRequests.AsNoTracking().OrderBy(p => p.ExecutionKey).Select(p => p.Status).ToListAsync());
    }
}
