using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Persistence.Tests.Storage;

/// <summary>
/// The writer's contract, run against every provider (<see cref="SqliteGroupCommitWriterTests"/> and
/// <see cref="Postgres.PostgresGroupCommitWriterTests"/>): the same plain SQL must behave the same on both.
/// </summary>
public abstract partial class GroupCommitWriterTests : IAsyncLifetime
{
    private StorageOptions _settings = null!;
    private OmsFlowStorage _storage = null!;

    /// <summary>Settings of a new, empty database for one test.</summary>
    protected abstract Task<StorageOptions> CreateDatabaseAsync();

    /// <summary>Removes what <see cref="CreateDatabaseAsync"/> made, after the storage is closed.</summary>
    protected abstract Task DropDatabaseAsync();

    protected OmsFlowStorage Storage => _storage;

    public async Task InitializeAsync()
    {
        _settings = await CreateDatabaseAsync();
        _storage = await OmsFlowStorage.OpenAsync(_settings);
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        await DropDatabaseAsync();
    }

    protected static InstanceRecord Instance(string id, long revision = 1) => new()
    {
        Id = id,
        WorkflowId = "wf",
        Version = 1,
        Status = "Suspended",
        State = "{}",
        Revision = revision,
        CreatedAt = 1,
        UpdatedAt = 1,
    };

    [Fact]
    public async Task CommitAsync_ManyConcurrentUnits_ShareTransactions()
    {
        var commits = Enumerable.Range(0, 500).Select(i =>
        {
            var unit = new CommitUnit { Instance = Instance($"i{i}") };
            unit.Journal.Add(new JournalRecord { InstanceId = $"i{i}", Seq = 1, Kind = "instanceStarted", Timestamp = 1 });
            return _storage.Writer.CommitAsync(unit);
        });
        await Task.WhenAll(commits);

        await using var context = _storage.CreateContext();
        Assert.Equal(500, await context.Instances.CountAsync());
        Assert.Equal(500, await context.Journal.CountAsync());
        Assert.True(_storage.Writer.Transactions < 500, $"expected group commit, got {_storage.Writer.Transactions} transactions for 500 units");
    }

    [Fact]
    public async Task CommitAsync_StaleRevision_RejectsOnlyThatUnit()
    {
        await _storage.Writer.CommitAsync(new CommitUnit { Instance = Instance("a") });
        await _storage.Writer.CommitAsync(new CommitUnit { Instance = Instance("b") });

        var stale = new CommitUnit { Instance = Instance("a", revision: 3), ExpectedRevision = 7 };
        stale.Journal.Add(new JournalRecord { InstanceId = "a", Seq = 2, Kind = "completed", Timestamp = 2 });
        var good = new CommitUnit { Instance = Instance("b", revision: 2), ExpectedRevision = 1 };
        var staleTask = _storage.Writer.CommitAsync(stale);
        var goodTask = _storage.Writer.CommitAsync(good);

        await Assert.ThrowsAsync<CommitConflictException>(() => staleTask);
        await goodTask;
        await using var context = _storage.CreateContext();
        Assert.Equal(1, (await context.Instances.SingleAsync(i => i.Id == "a")).Revision);
        Assert.Equal(2, (await context.Instances.SingleAsync(i => i.Id == "b")).Revision);
        Assert.False(await context.Journal.AnyAsync(j => j.InstanceId == "a" && j.Seq == 2));
    }

    [Fact]
    public async Task CommitAsync_BookmarkConsumedTwice_SecondIsRejected()
    {
        var create = new CommitUnit { Instance = Instance("w") };
        create.AddedBookmarks.Add(new BookmarkRecord { Id = "bm", InstanceId = "w", TokenId = "t1", Step = "s", Kind = "signal", Name = "go" });
        await _storage.Writer.CommitAsync(create);

        var first = new CommitUnit { Instance = Instance("w", 2), ExpectedRevision = 1 };
        first.ConsumedBookmarks.Add("bm");
        await _storage.Writer.CommitAsync(first);
        var second = new CommitUnit { Instance = Instance("w", 3), ExpectedRevision = 2 };
        second.ConsumedBookmarks.Add("bm");

        await Assert.ThrowsAsync<CommitConflictException>(() => _storage.Writer.CommitAsync(second));
    }

    [Fact]
    public async Task CommitAsync_SameOutboxIdTwice_KeepsOneMessage()
    {
        for (var revision = 1; revision <= 2; revision++)
        {
            var unit = new CommitUnit { Instance = Instance("o", revision), ExpectedRevision = revision == 1 ? null : 1 };
            unit.Outbox.Add(new OutboxRecord { Id = "o:step:email", Channel = "email", Payload = "{}", Status = "pending", CreatedAt = revision });
            await _storage.Writer.CommitAsync(unit);
        }

        await using var context = _storage.CreateContext();
        Assert.Equal(1, await context.Outbox.CountAsync());
    }

    [Fact]
    public async Task OpenAsync_ExistingDatabase_KeepsData()
    {
        await _storage.Writer.CommitAsync(new CommitUnit { Instance = Instance("kept") });
        await _storage.DisposeAsync();

        _storage = await OmsFlowStorage.OpenAsync(_settings);

        await using var context = _storage.CreateContext();
        Assert.True(await context.Instances.AnyAsync(i => i.Id == "kept"));
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
    }
}
