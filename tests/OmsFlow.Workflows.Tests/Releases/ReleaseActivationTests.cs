using OmsFlow.Workflows.Releases;

namespace OmsFlow.Workflows.Tests.Releases;

public sealed class ReleaseActivationTests
{
    [Fact]
    public async Task ReleaseAsync_ActivateAtInTheFuture_KeepsTheOldSetActiveUntilThen()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        var first = await f.ReleaseAsync("limits", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        var midnight = f.Engine.Clock.GetUtcNow().AddHours(15);
        var blackFriday = await f.ReleaseAsync("strict limits from midnight", midnight, ReleaseFixture.Rules(ReleaseFixture.Strict));

        Assert.Equal(ReleaseState.Scheduled, blackFriday.State);
        Assert.Equal(first.Id, (await f.Releases.GetActiveAsync())!.Id);
        var before = await f.StartOrderAsync("O-1", 50);
        f.Engine.Clock.Advance(TimeSpan.FromHours(14));
        var stillBefore = await f.StartOrderAsync("O-2", 50);
        Assert.Equal((1, true), await f.FinishOrderAsync("O-2", stillBefore));

        f.Engine.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(blackFriday.Id, (await f.Releases.GetActiveAsync())!.Id);
        var after = await f.StartOrderAsync("O-3", 50);

        Assert.Equal((2, false), await f.FinishOrderAsync("O-3", after));
        // Started before midnight, first used the rule set after it: still resolves from the release it started on.
        Assert.Equal((1, true), await f.FinishOrderAsync("O-1", before));
        var states = (await f.Releases.ListAsync()).ToDictionary(r => r.Id, r => r.State);
        Assert.Equal(ReleaseState.Superseded, states[first.Id]);
        Assert.Equal(ReleaseState.Active, states[blackFriday.Id]);
    }

    [Fact]
    public async Task RollbackAsync_RestoresThePreviousSetForNewInstances_WhileAWaitingInstanceFinishesOnItsRelease()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        var generous = await f.ReleaseAsync("generous", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        var strict = await f.ReleaseAsync("strict", null, ReleaseFixture.Rules(ReleaseFixture.Strict));
        var inFlight = await f.StartOrderAsync("O-1", 50);

        var rollback = await f.Releases.RollbackAsync(generous.Id, "ops@test");

        Assert.Equal(generous.Id, rollback.RollbackOf);
        Assert.Equal(ReleaseState.Active, rollback.State);
        Assert.Equal("Rollback to release 1", rollback.Note);
        Assert.Equal(generous.Items.Select(i => (i.Kind, i.Id, i.Version, i.Hash)), rollback.Items.Select(i => (i.Kind, i.Id, i.Version, i.Hash)));
        var undone = await f.Releases.GetAsync(strict.Id);
        Assert.Equal(ReleaseState.RolledBack, undone!.State);
        Assert.Equal(rollback.Id, undone.RolledBackBy);
        var fresh = await f.StartOrderAsync("O-2", 50);
        Assert.Equal((1, true), await f.FinishOrderAsync("O-2", fresh));
        Assert.Equal((2, false), await f.FinishOrderAsync("O-1", inFlight));
    }

    [Fact]
    public async Task RollbackAsync_ToTheActiveOrAnUnknownRelease_IsRefused()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        var only = await f.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));

        var active = await Assert.ThrowsAsync<ReleaseException>(() => f.Releases.RollbackAsync(only.Id, "ops@test"));
        var unknown = await Assert.ThrowsAsync<ReleaseException>(() => f.Releases.RollbackAsync(42, "ops@test"));

        Assert.Contains("already the active release", active.Message, StringComparison.Ordinal);
        Assert.Contains("Release 42 does not exist", unknown.Message, StringComparison.Ordinal);
        Assert.Single(await f.Releases.ListAsync());
    }

    [Fact]
    public async Task RollbackAsync_CancelsAScheduledLaterRelease()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        var generous = await f.ReleaseAsync("generous", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        await f.ReleaseAsync("hotfix", null, ReleaseFixture.Rules(ReleaseFixture.Generous.Replace("100", "90", StringComparison.Ordinal)));
        var scheduled = await f.ReleaseAsync("strict tomorrow", f.Engine.Clock.GetUtcNow().AddDays(1), ReleaseFixture.Rules(ReleaseFixture.Strict));

        await f.Releases.RollbackAsync(generous.Id, "ops@test");
        f.Engine.Clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(ReleaseState.RolledBack, (await f.Releases.GetAsync(scheduled.Id))!.State);
        var order = await f.StartOrderAsync("O-1", 95);
        Assert.Equal((1, true), await f.FinishOrderAsync("O-1", order));
    }

    [Fact]
    public async Task ReleaseAsync_AfterAScheduledRelease_CarriesItsChangeIntoTheScheduledOne()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        await f.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        var scheduled = await f.ReleaseAsync("strict tomorrow", f.Engine.Clock.GetUtcNow().AddDays(1), ReleaseFixture.Rules(ReleaseFixture.Strict));
        var hotfix = await f.ReleaseAsync("other rule set now", null, ReleaseFixture.Rules(ReleaseFixture.Generous, "fraud"));

        var later = await f.Releases.GetAsync(scheduled.Id);

        Assert.Contains(later!.Items, i => i is { Kind: "rules", Id: "fraud", Changed: false });
        Assert.Contains(later.Items, i => i is { Kind: "rules", Id: "limits", Version: 2, Changed: true });
        Assert.DoesNotContain(hotfix.Items, i => i is { Id: "limits", Version: 2 });
    }

    [Fact]
    public async Task ScheduledRelease_WhenItComesIntoEffect_RaisesPublishedForTheWorkflowsItChanges()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        await f.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        await f.ReleaseAsync("later", f.Engine.Clock.GetUtcNow().AddHours(1),
            ReleaseFixture.Workflow(ReleaseFixture.Flow.Replace("signal: go", "signal: ship", StringComparison.Ordinal)), ReleaseFixture.Rules(ReleaseFixture.Strict));
        Assert.Equal(1, (await f.Engine.Catalog.GetPublishedAsync("limit-flow")).Version);
        var published = new List<string>();
        f.Engine.Catalog.Published += published.Add;

        f.Engine.Clock.Advance(TimeSpan.FromHours(1));
        var active = await f.Engine.Catalog.GetPublishedAsync("limit-flow");

        Assert.Equal(2, active.Version);
        Assert.Equal(["limit-flow"], published);
    }

    [Fact]
    public async Task StartAsync_PinsTheActiveReleaseInTheInstanceState()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        await f.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        var second = await f.ReleaseAsync("second", null, ReleaseFixture.Rules(ReleaseFixture.Strict));

        var instance = await f.StartOrderAsync("O-1", 50);

        var state = System.Text.Json.Nodes.JsonNode.Parse((await f.Engine.InstanceAsync(instance)).State)!;
        Assert.Equal(second.Id, state["pins"]!["release"]!.GetValue<int>());
    }

    [Fact]
    public async Task GetAsync_AfterAScheduledReleaseCameIntoEffect_ShowsItsVersionAsPublished()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        await f.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        await f.ReleaseAsync("later", f.Engine.Clock.GetUtcNow().AddHours(1), ReleaseFixture.Rules(ReleaseFixture.Strict));

        var before = await f.Stores.Rules.GetAsync("limits");
        f.Engine.Clock.Advance(TimeSpan.FromHours(1));
        var after = await f.Stores.Rules.GetAsync("limits");

        Assert.Equal((1, 2), (before!.PublishedVersion!.Value, before.LatestVersion));
        Assert.Equal(2, after!.PublishedVersion);
        Assert.Equal(2, Assert.Single(await f.Stores.Rules.ListAsync()).PublishedVersion);
    }
}
