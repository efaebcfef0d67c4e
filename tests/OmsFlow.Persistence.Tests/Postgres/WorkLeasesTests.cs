using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Cluster;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Persistence.Tests.Postgres;

/// <summary>Leases that share work between server processes, against a real PostgreSQL server.</summary>
public sealed class WorkLeasesTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private OmsFlowStorage _storage = null!;
    private string _connection = null!;

    public async Task InitializeAsync()
    {
        _connection = await postgres.Server.CreateDatabaseAsync("leases");
        _storage = await OmsFlowStorage.OpenAsync(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = _connection });
    }

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    private WorkLeases Process(string name, double seconds = 30) => new(_connection, name, TimeSpan.FromSeconds(seconds));

    private async Task AddRunnableAsync(int count)
    {
        var units = Enumerable.Range(0, count).Select(i => _storage.Writer.CommitAsync(new CommitUnit
        {
            Instance = new InstanceRecord { Id = $"i{i:D3}", WorkflowId = "wf", Status = "Running", State = "{}", Runnable = true, Revision = 1, UpdatedAt = i },
        }));
        await Task.WhenAll(units);
    }

    private async Task AddTimersAsync(params (string Id, long DueAt)[] timers)
    {
        var unit = new CommitUnit { Instance = new InstanceRecord { Id = "waiting", WorkflowId = "wf", Status = "Suspended", State = "{}", Revision = 1 } };
        unit.AddedBookmarks.AddRange(timers.Select(t => new BookmarkRecord { Id = t.Id, InstanceId = "waiting", TokenId = "t", Step = "s", Kind = "timer", Name = "t", DueAt = t.DueAt }));
        await _storage.Writer.CommitAsync(unit);
    }

    [Fact]
    public async Task ClaimRunnableAsync_ThreeProcessesAtOnce_ClaimEachInstanceOnce()
    {
        await AddRunnableAsync(90);
        WorkLeases[] processes = [Process("a"), Process("b"), Process("c")];

        var claims = await Task.WhenAll(processes.Select(async p =>
        {
            var mine = new List<string>();
            while (await p.ClaimRunnableAsync(7) is { Count: > 0 } batch)
            {
                mine.AddRange(batch);
            }
            return mine;
        }));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(90, all.Count);
        Assert.Equal(90, all.Distinct().Count());
    }

    [Fact]
    public async Task ClaimRunnableAsync_HeldByLiveProcess_IsNotClaimedUntilReleased()
    {
        await AddRunnableAsync(1);
        var a = Process("a");
        var b = Process("b");
        Assert.Equal(["i000"], await a.ClaimRunnableAsync(10));

        Assert.Empty(await b.ClaimRunnableAsync(10));
        Assert.False(await b.TryClaimInstanceAsync("i000"));
        Assert.True(await a.TryClaimInstanceAsync("i000"));

        await a.ReleaseInstanceAsync("i000");
        Assert.Equal(["i000"], await b.ClaimRunnableAsync(10));
    }

    [Fact]
    public async Task ClaimRunnableAsync_OwnerStoppedRenewing_AnotherProcessTakesOverAfterExpiry()
    {
        await AddRunnableAsync(1);
        var dead = Process("dead", seconds: 0.3);
        var survivor = Process("survivor");
        Assert.Single(await dead.ClaimRunnableAsync(10));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<string> taken;
        while ((taken = await survivor.ClaimRunnableAsync(10)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(["i000"], taken);
        await using var context = _storage.CreateContext();
        Assert.Equal("survivor", (await context.Instances.SingleAsync()).LeaseOwner);
    }

    [Fact]
    public async Task RenewAsync_ExtendsOnlyTheOwnersLeases()
    {
        await AddRunnableAsync(2);
        var a = Process("a", seconds: 60);
        var b = Process("b", seconds: 60);
        Assert.True(await a.TryClaimInstanceAsync("i000"));
        Assert.True(await b.TryClaimInstanceAsync("i001"));
        var before = await LeaseUntilAsync();
        await Task.Delay(20);

        Assert.Equal(1, await a.RenewAsync());

        var after = await LeaseUntilAsync();
        Assert.True(after["i000"] > before["i000"]);
        Assert.Equal(before["i001"], after["i001"]);
    }

    [Fact]
    public async Task ClaimDueBookmarksAsync_TwoProcesses_EachDueTimerOnceAndNotYetDueNever()
    {
        await AddTimersAsync(("t1", 100), ("t2", 200), ("t3", 300), ("later", 5_000));
        var a = Process("a");
        var b = Process("b");

        var first = await a.ClaimDueBookmarksAsync(nowMs: 1_000, limit: 2);
        var second = await b.ClaimDueBookmarksAsync(nowMs: 1_000, limit: 10);

        Assert.Equal(["t1", "t2"], first.Select(x => x.Id));
        Assert.Equal(["t3"], second.Select(x => x.Id));
        Assert.Empty(await b.ClaimDueBookmarksAsync(nowMs: 1_000, limit: 10));

        await a.ReleaseBookmarksAsync(["t2"]);
        Assert.Equal(["t2"], (await b.ClaimDueBookmarksAsync(nowMs: 1_000, limit: 10)).Select(x => x.Id));
    }

    [Fact]
    public async Task ClaimDueOutboxAsync_TwoProcesses_EachMessageOnceUntilTheClaimRunsOut()
    {
        var unit = new CommitUnit { Instance = new InstanceRecord { Id = "mailer", WorkflowId = "wf", Status = "Running", State = "{}", Revision = 1 } };
        unit.Outbox.AddRange(Enumerable.Range(0, 20).Select(i => new OutboxRecord { Id = $"m{i:D2}", Channel = "email", Payload = "{}", Status = "pending", CreatedAt = 100 }));
        await _storage.Writer.CommitAsync(unit);
        var a = Process("a", seconds: 10);
        var b = Process("b", seconds: 10);

        var claims = await Task.WhenAll(a.ClaimDueOutboxAsync(nowMs: 1_000, limit: 15), b.ClaimDueOutboxAsync(nowMs: 1_000, limit: 15));

        Assert.Equal(20, claims.Sum(c => c.Count));
        Assert.Equal(20, claims.SelectMany(c => c).Distinct().Count());
        Assert.Empty(await a.ClaimDueOutboxAsync(nowMs: 1_000 + 9_999, limit: 50));
        Assert.Equal(20, (await b.ClaimDueOutboxAsync(nowMs: 1_000 + 10_000, limit: 50)).Count);
    }

    [Fact]
    public async Task AcquireStartupLockAsync_SecondProcessWaitsForTheFirst()
    {
        var first = await Process("a").AcquireStartupLockAsync();
        var second = Process("b").AcquireStartupLockAsync();
        await Task.Delay(200);
        Assert.False(second.IsCompleted);

        await first.DisposeAsync();

        await using var held = await second;
    }

    [Fact]
    public async Task OpenAsync_ThreeProcessesOnAnEmptyDatabase_MigrateOnce()
    {
        var connection = await postgres.Server.CreateDatabaseAsync("concurrent_open");
        var settings = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connection };

        var opened = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => OmsFlowStorage.OpenAsync(settings)));

        await using var context = opened[0].CreateContext();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.Single(await context.Database.GetAppliedMigrationsAsync());
        foreach (var storage in opened)
        {
            await storage.DisposeAsync();
        }
    }

    private async Task<Dictionary<string, long>> LeaseUntilAsync()
    {
        await using var context = _storage.CreateContext();
        return await context.Instances.Where(i => i.LeaseUntil != null).ToDictionaryAsync(i => i.Id, i => i.LeaseUntil!.Value);
    }
}
