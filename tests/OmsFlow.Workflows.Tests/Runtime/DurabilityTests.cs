using System.Text.Json.Nodes;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Expressions;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Workflows.Tests.Runtime;

public sealed class DurabilityTests
{
    [Fact]
    public async Task Journal_SensitiveInputs_AreRedacted()
    {
        await using var f = await EngineFixture.CreateAsync(r => r.Register<Reserve>());
        await f.PublishAsync("""
            id: redact
            inputs:
              card: { type: string }
              note: { type: string }
            steps:
              reserve: { activity: Reserve, inputs: { card: =card }, next: log }
              log: { activity: Record, inputs: { label: =note }, sensitive: [label] }
            """);

        var outcome = await f.StartAsync("redact", new JsonObject { ["card"] = "4111111111111111", ["note"] = "secret-note" });

        var journal = string.Join('\n', (await f.JournalAsync(outcome.InstanceId)).Where(j => j.Kind == "completed").Select(j => j.Data));
        Assert.DoesNotContain("4111111111111111", journal, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-note\"", journal.Split("\"output\"")[0], StringComparison.Ordinal);
        Assert.Contains("***", journal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runnable_InstanceLeftByACrash_RunsOnAFreshEngine_AndCommittedStepsDoNotRepeat()
    {
        await using var f = await EngineFixture.CreateAsync(r => r.Register<Reserve>());
        await f.PublishAsync("""
            id: resumable
            steps:
              reserve: { activity: Reserve, next: after }
              after: { activity: Record, inputs: { label: after } }
            """);
        // Accept without running (the hook's 202 path), as if the process died right after the commit.
        var accepted = await f.Engine.StartAsync("resumable", [], new StartOptions { RunInline = false });
        Assert.True((await f.InstanceAsync(accepted.InstanceId)).Runnable);

        var activities = BuiltInActivities.CreateRegistry();
        activities.Register<Reserve>();
        activities.Register<Record>();
        await using var restarted = new WorkflowEngine(f.Storage, new DefinitionCatalog(f.Storage, WorkflowDocuments.ReadStored, f.Clock), activities,
            new ExpressionLanguageEvaluator(), f.Clock, new EmptyServiceProvider(), new EngineOptions { RunBackground = false });
        Assert.Equal(1, await restarted.RunRunnableAsync());
        Assert.Equal(0, await restarted.RunRunnableAsync());

        var record = await f.InstanceAsync(accepted.InstanceId);
        Assert.Equal("Completed", record.Status);
        Assert.Single(Reserve.Log, id => id == accepted.InstanceId);
        // CommitAfter: the reservation was committed on its own before 'after' ran.
        Assert.True(record.Revision >= 3, $"expected a commit after 'reserve', revision is {record.Revision}");
    }

    [Fact]
    public async Task ConcurrentInstances_SharingLiteralInputs_DoNotCollide()
    {
        // Regression: literal input nodes of the definition were attached to an instance's inputs, so two instances
        // starting at once failed with "The node already has a parent".
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: literals
            variables:
              config: object
            steps:
              set: { activity: SetVariable, inputs: { name: config, value: { carrier: UPS, levels: [1, 2, 3] } }, next: log }
              log: { activity: Record, inputs: { label: literal } }
            """);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => Task.Run(() => f.StartAsync("literals"))));

        Assert.All(outcomes, o => Assert.Equal(InstanceStatus.Completed, o.Status));
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
