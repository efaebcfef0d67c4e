using System.Text.Json.Nodes;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Workflows.Tests.Runtime;

public sealed class WorkflowEngineTests
{
    [Fact]
    public async Task StartAsync_LinearWorkflow_CompletesWithOutputs()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: totals
            inputs:
              amount: { type: decimal, required: true }
            variables:
              total: decimal
            outputs:
              total: =total
              big: =total > 100
            steps:
              add-tax:
                activity: SetVariable
                inputs: { name: total, value: =amount * 1.2 }
                next: check
              check:
                activity: If
                inputs: { condition: =total > 100 }
            """);

        var outcome = await f.StartAsync("totals", new JsonObject { ["amount"] = 100 });

        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal(120m, outcome.Outputs!["total"]!.GetValue<decimal>());
        Assert.True(outcome.Outputs["big"]!.GetValue<bool>());
        Assert.Equal(["add-tax", "check"], await f.CompletedStepsAsync(outcome.InstanceId));
        Assert.False((await f.InstanceAsync(outcome.InstanceId)).Runnable);
    }

    [Fact]
    public async Task SignalAsync_ByCorrelationKey_ResumesOnlyThatInstance()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: await-payment
            steps:
              wait:
                activity: WaitForSignal
                inputs: { signal: payment-captured }
                next: done
              done:
                activity: SetVariable
                inputs: { name: paid, value: =steps.wait.output.amount }
            outputs:
              paid: =paid
            variables:
              paid: any
            """);
        var first = await f.StartAsync("await-payment", correlationKey: "order-1");
        var second = await f.StartAsync("await-payment", correlationKey: "order-2");
        Assert.Equal(InstanceStatus.Suspended, first.Status);

        var resumed = await f.Engine.SignalAsync("payment-captured", "order-1", null, new JsonObject { ["amount"] = 42 });

        var only = Assert.Single(resumed);
        Assert.Equal(first.InstanceId, only.InstanceId);
        Assert.Equal(InstanceStatus.Completed, only.Status);
        Assert.Equal(42, only.Outputs!["paid"]!.GetValue<int>());
        Assert.Equal("Suspended", (await f.InstanceAsync(second.InstanceId)).Status);
        Assert.Empty(await f.Engine.SignalAsync("payment-captured", "order-1", null, null));
    }

    [Fact]
    public async Task Delay_FiresOnceWhenDue()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: delayed
            steps:
              wait:
                activity: Delay
                inputs: { duration: 15m }
                next: after
              after:
                activity: Record
                inputs: { label: after-delay }
            """);
        var started = await f.StartAsync("delayed");

        Assert.Equal(0, await f.AdvanceAsync(TimeSpan.FromMinutes(14)));
        Assert.Equal("Suspended", (await f.InstanceAsync(started.InstanceId)).Status);
        Assert.Equal(1, await f.AdvanceAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(0, await f.AdvanceAsync(TimeSpan.FromHours(1)));

        Assert.Equal("Completed", (await f.InstanceAsync(started.InstanceId)).Status);
        Assert.Single(Record.Log, l => l == started.InstanceId + ":after-delay");
        Assert.Empty(await f.BookmarksAsync(started.InstanceId));
    }

    [Fact]
    public async Task Join_WaitsOnlyForBranchesStillAlive()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: fork-join
            inputs:
              skipB: { type: bool, default: true }
            steps:
              split:
                activity: Fork
                next: { a: step-a, b: gate-b, c: wait-c }
              step-a:
                activity: Record
                inputs: { label: a }
                next: merge
              gate-b:
                activity: If
                inputs: { condition: =skipB }
                next: { false: merge }
              wait-c:
                activity: WaitForSignal
                inputs: { signal: go }
                next: merge
              merge:
                activity: Join
                next: finish
              finish:
                activity: Record
                inputs: { label: finished }
            """);
        var started = await f.StartAsync("fork-join", correlationKey: "fj");

        // Branch b ended at its gate (true has no transition); the join still waits for c, which is blocked.
        Assert.Equal(InstanceStatus.Suspended, started.Status);
        Assert.DoesNotContain("finish", await f.CompletedStepsAsync(started.InstanceId));

        var resumed = Assert.Single(await f.Engine.SignalAsync("go", "fj", null, null));

        Assert.Equal(InstanceStatus.Completed, resumed.Status);
        var steps = await f.CompletedStepsAsync(started.InstanceId);
        Assert.Equal(1, steps.Count(s => s == "merge"));
        Assert.Equal(1, steps.Count(s => s == "finish"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ForEach_RunsBodyPerItem_AndCollectsResults(bool parallel)
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync($$"""
            id: per-line
            inputs:
              lines: { type: array, required: true }
            outputs:
              results: =steps.each.output
            steps:
              each:
                activity: ForEach
                inputs: { items: =lines, parallel: {{(parallel ? "true" : "false")}} }
                body: price-line
                next: done
              price-line:
                activity: SetVariable
                inputs: { name: last, value: =item.qty * 2 }
                next: emit
              emit:
                activity: Record
                inputs: { label: =item.sku }
              done:
                activity: Record
                inputs: { label: all-lines }
            variables:
              last: any
            """);
        var lines = new JsonArray(new JsonObject { ["sku"] = "A", ["qty"] = 1 }, new JsonObject { ["sku"] = "B", ["qty"] = 2 }, new JsonObject { ["sku"] = "C", ["qty"] = 3 });

        var outcome = await f.StartAsync("per-line", new JsonObject { ["lines"] = lines });

        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal(["A", "B", "C"], outcome.Outputs!["results"]!.AsArray().Select(r => r!.GetValue<string>()));
        var steps = await f.CompletedStepsAsync(outcome.InstanceId);
        Assert.Equal(3, steps.Count(s => s == "emit"));
        Assert.Equal("done", steps[^1]);
    }

    [Fact]
    public async Task Retry_SucceedsWithinAttempts_AfterBackoff()
    {
        await using var f = await EngineFixture.CreateAsync(r => r.Register<Flaky>());
        await f.PublishAsync("""
            id: flaky
            steps:
              call:
                activity: Flaky
                inputs: { succeedOnAttempt: 3 }
                retry: { attempts: 3, delay: 10s, backoff: exponential }
            """);
        var started = await f.StartAsync("flaky");
        Assert.Equal(InstanceStatus.Suspended, started.Status);

        Assert.Equal(0, await f.AdvanceAsync(TimeSpan.FromSeconds(9)));
        Assert.Equal(1, await f.AdvanceAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(0, await f.AdvanceAsync(TimeSpan.FromSeconds(19)));
        Assert.Equal(1, await f.AdvanceAsync(TimeSpan.FromSeconds(1)));

        var journal = await f.JournalAsync(started.InstanceId);
        Assert.Equal(2, journal.Count(j => j.Kind == "faulted"));
        var completed = Assert.Single(journal, j => j.Kind == "completed");
        Assert.Equal(3, completed.Attempt);
        Assert.Equal("Completed", (await f.InstanceAsync(started.InstanceId)).Status);
    }

    [Fact]
    public async Task Fault_AfterRetries_CompensatesCompletedStepsInReverseOrder()
    {
        await using var f = await EngineFixture.CreateAsync(r => r.Register<Flaky>());
        await f.PublishAsync("""
            id: saga
            steps:
              reserve:
                activity: Record
                inputs: { label: reserve }
                compensate: release
                next: charge
              charge:
                activity: Record
                inputs: { label: charge }
                compensate: refund
                next: ship
              ship:
                activity: Flaky
                retry: { attempts: 2, delay: 1s }
              release:
                activity: Record
                inputs: { label: '=compensation.step + "-undone"' }
              refund:
                activity: Record
                inputs: { label: refund }
            """);
        var started = await f.StartAsync("saga");
        await f.AdvanceAsync(TimeSpan.FromSeconds(1));

        var record = await f.InstanceAsync(started.InstanceId);
        Assert.Equal("Faulted", record.Status);
        Assert.True(record.HasIncident);
        var steps = await f.CompletedStepsAsync(started.InstanceId);
        Assert.Equal(["reserve", "charge", "refund", "release"], steps);
        Assert.Contains(started.InstanceId + ":reserve-undone", Record.Log);
        await Assert.ThrowsAsync<InvalidOperationException>(() => f.Engine.RetryAsync(started.InstanceId));
    }

    [Fact]
    public async Task IncidentPolicy_OperatorRetry_RunsFaultedStepAgain()
    {
        await using var f = await EngineFixture.CreateAsync(r => r.Register<Flaky>());
        await f.PublishAsync("""
            id: incident
            onFault: incident
            steps:
              call:
                activity: Flaky
                inputs: { succeedOnAttempt: 1 }
                next: after
              after:
                activity: Flaky
                inputs: { succeedOnAttempt: 99 }
            """);
        var started = await f.StartAsync("incident");
        Assert.Equal(InstanceStatus.Faulted, started.Status);
        Assert.Contains("after", started.Error);

        var retried = await f.Engine.RetryAsync(started.InstanceId);

        Assert.Equal(InstanceStatus.Faulted, retried.Status);
        var journal = await f.JournalAsync(started.InstanceId);
        Assert.Equal(2, journal.Count(j => j.Kind == "faulted" && j.Step == "after"));
        Assert.Single(journal, j => j.Kind == "instanceRetried");
    }

    [Fact]
    public async Task Cancel_SuspendedInstance_CompensatesAndEndsCancelled()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: cancellable
            steps:
              reserve:
                activity: Record
                inputs: { label: reserve }
                compensate: release
                next: wait
              wait:
                activity: WaitForSignal
                inputs: { signal: shipped, timeout: 1d }
              release:
                activity: Record
                inputs: { label: release }
            """);
        var started = await f.StartAsync("cancellable", correlationKey: "c-1");
        Assert.Equal(2, (await f.BookmarksAsync(started.InstanceId)).Count);

        var cancelled = await f.Engine.CancelAsync(started.InstanceId, "customer changed their mind");

        Assert.Equal(InstanceStatus.Cancelled, cancelled.Status);
        Assert.Empty(await f.BookmarksAsync(started.InstanceId));
        Assert.Contains(started.InstanceId + ":release", Record.Log);
        Assert.Equal(0, await f.AdvanceAsync(TimeSpan.FromDays(2)));
    }

    [Theory]
    [InlineData("approve", "approved")]
    [InlineData("reject", "rejected")]
    public async Task HumanTask_CompletedOutcome_TakesItsTransition(string outcome, string expectedStep)
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: approval
            steps:
              ask:
                activity: HumanTask
                inputs: { role: approver, title: Approve discount, timeout: 2h }
                next: { approve: approved, reject: rejected, timeout: escalated }
              approved: { activity: Record, inputs: { label: approved } }
              rejected: { activity: Record, inputs: { label: rejected } }
              escalated: { activity: Record, inputs: { label: escalated } }
            """);
        var started = await f.StartAsync("approval", correlationKey: "o-9");
        var task = Assert.Single(await f.BookmarksAsync(started.InstanceId), b => b.Kind == "task");

        var done = await f.Engine.CompleteTaskAsync(task.Id, outcome, new JsonObject { ["comment"] = "ok" });

        Assert.Equal(InstanceStatus.Completed, done!.Status);
        Assert.Equal(expectedStep, (await f.CompletedStepsAsync(started.InstanceId))[^1]);
        Assert.Equal(0, await f.AdvanceAsync(TimeSpan.FromHours(3)));
    }

    [Fact]
    public async Task HumanTask_Timeout_TakesTimeoutTransition()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: approval-timeout
            steps:
              ask:
                activity: HumanTask
                inputs: { role: approver, title: Approve, timeout: 2h }
                next: { approve: approved, timeout: escalated }
              approved: { activity: Record, inputs: { label: approved } }
              escalated: { activity: Record, inputs: { label: escalated } }
            """);
        var started = await f.StartAsync("approval-timeout");

        Assert.Equal(1, await f.AdvanceAsync(TimeSpan.FromHours(2)));

        Assert.Equal("escalated", (await f.CompletedStepsAsync(started.InstanceId))[^1]);
        Assert.Empty(await f.BookmarksAsync(started.InstanceId));
    }

    [Fact]
    public async Task CallWorkflow_ParentResumesWithChildOutputs()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: child
            inputs:
              n: { type: int, required: true }
            outputs:
              doubled: =n * 2
            steps:
              noop: { activity: SetVariable, inputs: { name: x, value: 1 } }
            variables:
              x: int
            """);
        await f.PublishAsync("""
            id: parent
            outputs:
              result: =steps.call.output.doubled
            steps:
              call:
                activity: CallWorkflow
                inputs: { workflow: child, input: { n: 21 } }
                next: { completed: ok }
              ok: { activity: Record, inputs: { label: child-done } }
            """);
        var parent = await f.StartAsync("parent");
        Assert.Equal(InstanceStatus.Suspended, parent.Status);

        await f.Engine.RunRunnableAsync();
        await f.AdvanceAsync(TimeSpan.Zero);

        var record = await f.InstanceAsync(parent.InstanceId);
        Assert.Equal("Completed", record.Status);
        Assert.Equal(42, JsonNode.Parse(record.Outputs!)!["result"]!.GetValue<int>());
    }

    [Fact]
    public async Task Publish_NewVersion_RunningInstancesKeepTheirPinnedVersion()
    {
        await using var f = await EngineFixture.CreateAsync();
        const string v1 = """
            id: pinned
            steps:
              wait: { activity: WaitForSignal, inputs: { signal: go }, next: label }
              label: { activity: Record, inputs: { label: v1 } }
            """;
        Assert.Equal(1, await f.PublishAsync(v1));
        var old = await f.StartAsync("pinned", correlationKey: "p");
        Assert.Equal(2, await f.PublishAsync(v1.Replace("label: v1", "label: v2", StringComparison.Ordinal)));
        var fresh = await f.StartAsync("pinned", correlationKey: "p");

        await f.Engine.SignalAsync("go", "p", null, null);

        Assert.Equal(1, (await f.InstanceAsync(old.InstanceId)).Version);
        Assert.Equal(2, (await f.InstanceAsync(fresh.InstanceId)).Version);
        Assert.Contains(old.InstanceId + ":v1", Record.Log);
        Assert.Contains(fresh.InstanceId + ":v2", Record.Log);
    }

    [Fact]
    public async Task Publish_SameContentTwice_KeepsOneVersion()
    {
        await using var f = await EngineFixture.CreateAsync();
        const string yaml = """
            id: same
            steps:
              only: { activity: Record, inputs: { label: x } }
            """;
        Assert.Equal(1, await f.PublishAsync(yaml));
        Assert.Equal(1, await f.PublishAsync(yaml));
    }
}
