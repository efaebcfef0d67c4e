using System.Text.Json.Nodes;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Workflows.Tests.Runtime;

/// <summary>The built-in activities not covered by the scenario tests: Switch, WaitUntil, End, Script.</summary>
public sealed class ActivityKindTests
{
    [Theory]
    [InlineData(50, "small")]
    [InlineData(500, "medium")]
    [InlineData(5000, "default")]
    public async Task Switch_TakesFirstMatchingCase_ElseDefault(int total, string expected)
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: sizing
            inputs:
              total: { type: decimal, required: true }
            outputs:
              size: =steps.size.outcome
            steps:
              size:
                activity: Switch
                inputs:
                  cases:
                    - { when: =total < 100, outcome: small }
                    - { when: =total < 1000, outcome: medium }
                next: { small: done, medium: done, default: done }
              done: { activity: Record, inputs: { label: sized } }
            """);

        var outcome = await f.StartAsync("sizing", new JsonObject { ["total"] = total });

        Assert.Equal(expected, outcome.Outputs!["size"]!.GetValue<string>());
    }

    [Fact]
    public async Task WaitUntil_WaitsForTheTimestamp_AndPassesAtOnceWhenItIsPast()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: until
            inputs:
              at: { type: string, required: true }
            steps:
              wait: { activity: WaitUntil, inputs: { at: =at }, next: after }
              after: { activity: Record, inputs: { label: after } }
            """);
        var future = await f.StartAsync("until", new JsonObject { ["at"] = f.Clock.GetUtcNow().AddHours(2).ToString("O") });
        var past = await f.StartAsync("until", new JsonObject { ["at"] = f.Clock.GetUtcNow().AddHours(-2).ToString("O") });

        Assert.Equal(InstanceStatus.Suspended, future.Status);
        Assert.Equal(InstanceStatus.Completed, past.Status);
        Assert.Equal(0, await f.AdvanceAsync(TimeSpan.FromMinutes(119)));
        Assert.Equal(1, await f.AdvanceAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal("Completed", (await f.InstanceAsync(future.InstanceId)).Status);
    }

    [Fact]
    public async Task End_CompletesTheInstance_StoppingOtherBranches()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: ending
            steps:
              split: { activity: Fork, next: { a: wait, b: stop } }
              wait: { activity: WaitForSignal, inputs: { signal: never } }
              stop: { activity: End }
            """);

        var outcome = await f.StartAsync("ending", correlationKey: "e");

        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Empty(await f.BookmarksAsync(outcome.InstanceId));
    }

    [Fact]
    public async Task Script_ReturnsItsValue_AndAnEndlessLoopFaultsOnlyThatStep()
    {
        await using var f = await EngineFixture.CreateAsync();
        await f.PublishAsync("""
            id: scripted
            onFault: incident
            inputs:
              lines: { type: array, required: true }
            outputs:
              units: =steps.count.output
            steps:
              count:
                activity: Script
                inputs:
                  input: { lines: =lines }
                  code: "var n = 0; for (var i = 0; i < input.lines.length; i++) { n += input.lines[i].qty; } return n;"
                next: spin
              spin:
                activity: Script
                inputs: { code: "while (true) {}", timeout: 200ms }
            """);

        var outcome = await f.StartAsync("scripted", new JsonObject { ["lines"] = new JsonArray(new JsonObject { ["qty"] = 2 }, new JsonObject { ["qty"] = 3 }) });

        Assert.Equal(InstanceStatus.Faulted, outcome.Status);
        Assert.Contains("spin", outcome.Error, StringComparison.Ordinal);
        var count = Assert.Single(await f.JournalAsync(outcome.InstanceId), j => j.Kind == "completed" && j.Step == "count");
        Assert.Equal(5, JsonNode.Parse(count.Data!)!["output"]!.GetValue<int>());
    }
}
