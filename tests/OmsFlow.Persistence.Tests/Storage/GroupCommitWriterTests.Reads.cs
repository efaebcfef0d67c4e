using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Persistence.Tests.Storage;

/// <summary>Hot reads and the rest of the unit's statements (bookmarks fired, incidents), on every provider.</summary>
public abstract partial class GroupCommitWriterTests
{
    private static BookmarkRecord Bookmark(string id, string instance, string kind, string name, string? key = null, long? dueAt = null) => new()
    {
        Id = id,
        InstanceId = instance,
        TokenId = "t",
        Step = "s",
        Kind = kind,
        Name = name,
        CorrelationKey = key,
        DueAt = dueAt,
        CreatedAt = 1,
    };

    [Fact]
    public async Task Reads_CommittedInstance_RoundTripsEveryColumn()
    {
        var record = Instance("r1");
        record.Runnable = true;
        record.HasIncident = true;
        record.CorrelationKey = "order-1";
        record.Input = "{\"a\":1}";
        record.ParentInstanceId = "p";
        await Storage.Writer.CommitAsync(new CommitUnit { Instance = record });

        var read = await Storage.Reads.InstanceAsync("r1");

        Assert.NotNull(read);
        Assert.True(read.Runnable);
        Assert.True(read.HasIncident);
        Assert.Equal("order-1", read.CorrelationKey);
        Assert.Equal("{\"a\":1}", read.Input);
        Assert.Equal("p", read.ParentInstanceId);
        Assert.Null(read.Outputs);
        Assert.Null(await Storage.Reads.InstanceAsync("missing"));
    }

    [Fact]
    public async Task Reads_Bookmarks_MatchKeyNullKeyAndDueTime()
    {
        var unit = new CommitUnit { Instance = Instance("b1") };
        unit.AddedBookmarks.Add(Bookmark("hook-keyed", "b1", "hook", "orders/paid", key: "o-1"));
        unit.AddedBookmarks.Add(Bookmark("hook-open", "b1", "hook", "orders/paid"));
        unit.AddedBookmarks.Add(Bookmark("timer-late", "b1", "timer", "t", dueAt: 500));
        unit.AddedBookmarks.Add(Bookmark("timer-early", "b1", "timer", "t", dueAt: 100));
        unit.AddedBookmarks.Add(Bookmark("timer-future", "b1", "timer", "t", dueAt: 9_000));
        await Storage.Writer.CommitAsync(unit);

        Assert.Equal(["hook-keyed"], (await Storage.Reads.BookmarksAsync("hook", "orders/paid", "o-1")).Select(b => b.Id));
        Assert.Equal(["hook-open"], (await Storage.Reads.BookmarksAsync("hook", "orders/paid", null)).Select(b => b.Id));
        Assert.Equal(["timer-early", "timer-late"], (await Storage.Reads.DueBookmarksAsync(1_000, 10)).Select(b => b.Id));
        Assert.Equal(["timer-early"], (await Storage.Reads.DueBookmarksAsync(1_000, 1)).Select(b => b.Id));
        Assert.Equal(3, (await Storage.Reads.BookmarksOfInstanceAsync("b1", "timer", "t")).Count);
    }

    [Fact]
    public async Task CommitAsync_FiredBookmarkAndIncidents_AreWrittenAndResolved()
    {
        var create = new CommitUnit { Instance = Instance("f1") };
        create.AddedBookmarks.Add(Bookmark("child-done", "f1", "child", "c"));
        create.Incidents.Add(new IncidentRecord { Id = "inc-1", InstanceId = "f1", Step = "s", Error = "boom", Attempt = 1, CreatedAt = 1 });
        await Storage.Writer.CommitAsync(create);

        var next = new CommitUnit { Instance = Instance("f1", 2), ExpectedRevision = 1, ResolveIncidentsAt = 77 };
        next.FiredBookmarks.Add(new BookmarkFiring("child-done", 42, "{\"outcome\":\"done\"}"));
        await Storage.Writer.CommitAsync(next);

        var due = Assert.Single(await Storage.Reads.DueBookmarksAsync(42, 10));
        Assert.Equal("{\"outcome\":\"done\"}", due.Payload);
        await using var context = Storage.CreateContext();
        Assert.Equal(77, (await context.Incidents.SingleAsync()).ResolvedAt);
    }
}
