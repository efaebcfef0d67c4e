using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Workflows.Tests.Runtime;

/// <summary>Fails until its attempt number reaches <see cref="SucceedOnAttempt"/>.</summary>
[Activity("Flaky", Category = "Test")]
public sealed class Flaky : Activity
{
    [Input]
    public int SucceedOnAttempt { get; set; } = int.MaxValue;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        => ValueTask.FromResult(context.Attempt >= SucceedOnAttempt
            ? ActivityResult.Done(JsonValue.Create(context.Attempt))
            : ActivityResult.Fault($"attempt {context.Attempt} failed"));
}

/// <summary>Records each execution in a shared log (to count side effects) and queues one outbox message.</summary>
[Activity("Record", Category = "Test")]
public sealed class Record : Activity
{
    public static ConcurrentQueue<string> Log { get; } = new();

    [Input(Required = true)]
    public string Label { get; set; } = string.Empty;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        Log.Enqueue(context.InstanceId + ":" + Label);
        context.Send(new OutgoingMessage("test", "record", new JsonObject { ["label"] = Label }, "test.recorded"));
        return ValueTask.FromResult(ActivityResult.Done(JsonValue.Create(Label)));
    }
}

/// <summary>Counts executions and asks the engine to commit right after it (a side effect that must not be redone).</summary>
[Activity("Reserve", Category = "Test", CommitAfter = true)]
public sealed class Reserve : Activity
{
    public static ConcurrentQueue<string> Log { get; } = new();

    [Input(Sensitive = true)]
    public string? Card { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        Log.Enqueue(context.InstanceId);
        return ValueTask.FromResult(ActivityResult.Done(JsonValue.Create("reserved")));
    }
}
