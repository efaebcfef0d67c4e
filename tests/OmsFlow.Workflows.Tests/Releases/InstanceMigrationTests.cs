using System.Text.Json.Nodes;
using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Releases.Migration;

namespace OmsFlow.Workflows.Tests.Releases;

public sealed class InstanceMigrationTests
{
    private const string WithAudit = """
        id: limit-flow
        inputs:
          order: { type: object, required: true }
        variables:
          audited: bool
        outputs:
          version: =steps.check.output.version
          passed: =steps.check.output.isSuccess
          audited: =audited
        steps:
          wait:
            activity: WaitForSignal
            inputs: { signal: go }
            next: check
          check:
            activity: RunRules
            inputs: { ruleSet: limits, workflow: Limits, inputs: { order: =order } }
            next: audit
          audit:
            activity: SetVariable
            inputs: { name: audited, value: true }
        """;

    private static InstanceMigrator Migrator(ReleaseFixture f) => new(f.Engine.Storage, f.Engine.Catalog, f.Engine.Clock);

    [Fact]
    public async Task MigrateAsync_DryRunThenRealRun_MovesWaitingInstancesToTheNewVersion_AndJournalsIt()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        var first = await f.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        var a = await f.StartOrderAsync("O-1", 50);
        var b = await f.StartOrderAsync("O-2", 50);
        var second = await f.ReleaseAsync("audit", null, ReleaseFixture.Workflow(WithAudit), ReleaseFixture.Rules(ReleaseFixture.Strict));

        var dryRun = await Migrator(f).MigrateAsync(new MigrationRequest(second.Id, first.Id, WorkflowId: "limit-flow"), dryRun: true);

        Assert.Equal(2, dryRun.Instances.Count);
        Assert.All(dryRun.Instances, i => Assert.True(i.CanMove, string.Join("; ", i.Reasons)));
        Assert.All(dryRun.Instances, i => Assert.Equal((1, 2), (i.FromVersion, i.ToVersion!.Value)));
        Assert.Equal(0, dryRun.Moved);
        Assert.Equal(1, (await f.Engine.InstanceAsync(a)).Version);

        var real = await Migrator(f).MigrateAsync(new MigrationRequest(second.Id, InstanceIds: [a]), dryRun: false);

        Assert.Equal(1, real.Moved);
        Assert.Equal(2, (await f.Engine.InstanceAsync(a)).Version);
        var migrated = (await f.Engine.JournalAsync(a)).Single(j => j.Kind == InstanceMigrator.JournalKind);
        var data = JsonNode.Parse(migrated.Data!)!;
        Assert.Equal((1, 2, 1, 2), (data["fromRelease"]!.GetValue<int>(), data["toRelease"]!.GetValue<int>(), data["fromVersion"]!.GetValue<int>(), data["toVersion"]!.GetValue<int>()));
        // The moved instance runs the new version and resolves its rule set from the new release; the other stays.
        Assert.Single(await f.Engine.Engine.SignalAsync("go", "O-1", null, null));
        var moved = JsonNode.Parse((await f.Engine.InstanceAsync(a)).Outputs!)!;
        Assert.True(moved["audited"]!.GetValue<bool>());
        Assert.Equal(2, moved["version"]!.GetValue<int>());
        Assert.Equal((1, true), await f.FinishOrderAsync("O-2", b));
    }

    [Fact]
    public async Task MigrateAsync_DryRun_ExplainsWhyInstancesCannotMove()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        await f.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        var waiting = await f.StartOrderAsync("O-1", 50);
        var done = await f.StartOrderAsync("O-2", 50);
        await f.FinishOrderAsync("O-2", done);
        var renamed = await f.ReleaseAsync("renamed", null, ReleaseFixture.Workflow(ReleaseFixture.Flow.Replace("  wait:", "  hold:", StringComparison.Ordinal)));
        var retyped = await f.ReleaseAsync("retyped", null, ReleaseFixture.Workflow(ReleaseFixture.Flow.Replace(
            "activity: WaitForSignal\n    inputs: { signal: go }", "activity: WaitForHook\n    inputs: { path: go }", StringComparison.Ordinal)));

        var toRenamed = await Migrator(f).MigrateAsync(new MigrationRequest(renamed.Id, InstanceIds: [waiting, done]), dryRun: true);
        var toRetyped = await Migrator(f).MigrateAsync(new MigrationRequest(retyped.Id, InstanceIds: [waiting]), dryRun: false);

        var blocked = toRenamed.Instances.Single(i => i.InstanceId == waiting);
        Assert.False(blocked.CanMove);
        Assert.Equal("step 'wait', where the instance is, does not exist in version 2", Assert.Single(blocked.Reasons));
        Assert.Equal("the instance has ended (Completed)", Assert.Single(toRenamed.Instances.Single(i => i.InstanceId == done).Reasons));
        Assert.Equal("step 'wait', where the instance is, changes activity from WaitForSignal to WaitForHook in version 3",
            Assert.Single(Assert.Single(toRetyped.Instances).Reasons));
        Assert.Equal(0, toRetyped.Moved);
        Assert.Equal(1, (await f.Engine.InstanceAsync(waiting)).Version);
    }

    [Fact]
    public async Task MigrateAsync_ToAnUnknownOrScheduledRelease_IsRefused()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        await f.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        var scheduled = await f.ReleaseAsync("later", f.Engine.Clock.GetUtcNow().AddDays(1), ReleaseFixture.Workflow(WithAudit));

        var unknown = await Assert.ThrowsAsync<ReleaseException>(() => Migrator(f).MigrateAsync(new MigrationRequest(9, WorkflowId: "limit-flow"), dryRun: true));
        var later = await Assert.ThrowsAsync<ReleaseException>(() => Migrator(f).MigrateAsync(new MigrationRequest(scheduled.Id, WorkflowId: "limit-flow"), dryRun: true));

        Assert.Contains("Release 9 does not exist", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("once it is active", later.Message, StringComparison.Ordinal);
    }
}
