using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace OmsFlow.Workflows.Tests.Runtime;

public sealed class TriggerTests
{
    private static async Task<int> InstancesOfAsync(EngineFixture f, string workflowId)
    {
        await using var context = f.Storage.CreateContext();
        return await context.Instances.CountAsync(i => i.WorkflowId == workflowId);
    }

    [Fact]
    public async Task EveryTrigger_StartsOneInstancePerInterval()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: hourly
            triggers:
              - every: 1h
            steps:
              tick: { activity: Record, inputs: { label: tick } }
            """);
        await f.Engine.SyncSchedulesAsync();

        Assert.Equal(0, await f.AdvanceAsync(TimeSpan.FromMinutes(59)));
        Assert.Equal(1, await f.AdvanceAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(0, await f.AdvanceAsync(TimeSpan.FromMinutes(30)));
        Assert.Equal(1, await f.AdvanceAsync(TimeSpan.FromMinutes(30)));
        await f.Engine.RunRunnableAsync();

        Assert.Equal(2, await InstancesOfAsync(f, "hourly"));
        await using var context = f.Storage.CreateContext();
        Assert.All(await context.Instances.Where(i => i.WorkflowId == "hourly").ToListAsync(), i => Assert.Equal("Completed", i.Status));
    }

    [Fact]
    public async Task CronTrigger_MissedOccurrencesDuringOutage_FireOnce()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: nightly
            triggers:
              - cron: "0 2 * * *"
            steps:
              run: { activity: Record, inputs: { label: nightly } }
            """);
        await f.Engine.SyncSchedulesAsync();

        // The fixture's clock starts at 09:00; three nights pass while "the server is down".
        Assert.Equal(1, await f.AdvanceAsync(TimeSpan.FromDays(3)));
        Assert.Equal(1, await InstancesOfAsync(f, "nightly"));

        await f.Engine.SyncSchedulesAsync();
        Assert.Equal(0, await f.AdvanceAsync(TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Republish_WithoutSchedule_RemovesIt()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: sometimes
            triggers:
              - every: 10m
            steps:
              run: { activity: Record, inputs: { label: x } }
            """);
        await f.Engine.SyncSchedulesAsync();
        await f.PublishAsync("""
            id: sometimes
            steps:
              run: { activity: Record, inputs: { label: y } }
            """);
        await f.Engine.SyncSchedulesAsync();

        Assert.Equal(0, await f.AdvanceAsync(TimeSpan.FromHours(1)));
        Assert.Equal(0, await InstancesOfAsync(f, "sometimes"));
    }

    [Fact]
    public async Task PublishEvent_StartsWorkflowsListeningToIt_WithCorrelation()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: on-change
            triggers:
              - event: order.changed
                correlation: =input.orderId
            inputs:
              orderId: { type: string, required: true }
            steps:
              run: { activity: Record, inputs: { label: =orderId } }
            """);

        var started = Assert.Single(await f.Engine.PublishEventAsync("order.changed", new JsonObject { ["orderId"] = "SO-7" }));
        await f.Engine.RunRunnableAsync();

        var record = await f.InstanceAsync(started.InstanceId);
        Assert.Equal("SO-7", record.CorrelationKey);
        Assert.Equal("Completed", record.Status);
        Assert.Empty(await f.Engine.PublishEventAsync("order.unknown", []));
    }
}
