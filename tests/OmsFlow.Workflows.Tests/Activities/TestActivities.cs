using System.Text.Json.Nodes;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Workflows.Tests.Activities;

// Stand-ins with the shape of the engine's built-ins, so registry and validator tests do not depend on the runtime.

public abstract class TestActivity : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

[Activity("If", Category = "Control flow", Description = "Branches on a condition.", Outcomes = ["true", "false"])]
public sealed class TestIf : TestActivity
{
    [Input(Required = true, Editor = "expression")]
    public bool Condition { get; set; }
}

public sealed record TestSwitchCase(string When, string Outcome);

[Activity("Switch", Category = "Control flow", DynamicOutcomes = true)]
public sealed class TestSwitch : TestActivity
{
    [Input(Required = true)]
    public List<TestSwitchCase> Cases { get; set; } = [];
}

[Activity("Fork", Category = "Control flow", DynamicOutcomes = true)]
public sealed class TestFork : TestActivity;

public enum JoinMode
{
    All,
    Any,
}

[Activity("Join", Category = "Control flow")]
public sealed class TestJoin : TestActivity
{
    [Input]
    public JoinMode Mode { get; set; } = JoinMode.All;
}

[Activity("ForEach", Category = "Control flow")]
public sealed class TestForEach : TestActivity
{
    [Input(Required = true)]
    public JsonArray? Items { get; set; }

    [Input]
    public bool Parallel { get; set; }
}

[Activity("CallWorkflow", Category = "Control flow", Blocking = true, Outcomes = ["completed", "faulted"])]
public sealed class TestCallWorkflow : TestActivity
{
    [Input(Required = true)]
    public string Workflow { get; set; } = string.Empty;

    [Input]
    public JsonObject? Input { get; set; }
}

[Activity("End", Category = "Control flow", Outcomes = [])]
public sealed class TestEnd : TestActivity;

[Activity("Fault", Category = "Control flow", Outcomes = [])]
public sealed class TestFault : TestActivity
{
    [Input(Required = true)]
    public string Message { get; set; } = string.Empty;
}

[Activity("SetVariable", Category = "Data")]
public sealed class TestSetVariable : TestActivity
{
    [Input(Required = true)]
    public string Name { get; set; } = string.Empty;

    [Input]
    public JsonNode? Value { get; set; }
}

[Activity("WaitForSignal", Category = "Blocking", Blocking = true, Outcomes = ["done", "timeout"])]
public sealed class TestWaitForSignal : TestActivity
{
    [Input(Required = true, Description = "Signal name.")]
    public string Signal { get; set; } = string.Empty;

    [Input]
    public string? Correlation { get; set; }

    [Input]
    public TimeSpan? Timeout { get; set; }
}

[Activity("WaitForHook", Category = "Blocking", Blocking = true)]
public sealed class TestWaitForHook : TestActivity
{
    [Input(Required = true)]
    public string Path { get; set; } = string.Empty;

    [Input]
    public string? Correlation { get; set; }
}

[Activity("Delay", Category = "Blocking", Blocking = true)]
public class TestDelay : TestActivity
{
    [Input(Required = true)]
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(1);
}

[Activity("WaitUntil", Category = "Blocking", Blocking = true)]
public sealed class TestWaitUntil : TestActivity
{
    [Input(Required = true)]
    public DateTimeOffset At { get; set; }
}

[Activity("HumanTask", Category = "Blocking", Blocking = true, DynamicOutcomes = true)]
public sealed class TestHumanTask : TestActivity
{
    [Input(Required = true, Options = ["ops", "analyst", "admin"])]
    public string Role { get; set; } = "ops";

    [Input]
    public string? Title { get; set; }

    [Input]
    public JsonObject? Form { get; set; }

    [Input]
    public string[] Outcomes { get; set; } = ["approve", "reject"];

    [Input]
    public TimeSpan? Timeout { get; set; }
}

[Activity("Script", Category = "Data")]
public sealed class TestScript : TestActivity
{
    [Input(Required = true, Editor = "javascript")]
    public string Code { get; set; } = string.Empty;
}

/// <summary>Every convertible CLR type the registry supports, for conversion tests.</summary>
[Activity("Everything", Category = "Testing", CommitAfter = true)]
public sealed class TestEverything : TestActivity
{
    [Input] public string? Text { get; set; }
    [Input] public int Count { get; set; } = 3;
    [Input] public long Big { get; set; }
    [Input] public decimal Amount { get; set; }
    [Input] public double Ratio { get; set; }
    [Input] public bool Flag { get; set; }
    [Input] public DateTimeOffset When { get; set; }
    [Input] public TimeSpan Wait { get; set; }
    [Input] public JsonNode? Anything { get; set; }
    [Input] public JsonObject? Payload { get; set; }
    [Input] public JsonArray? Rows { get; set; }
    [Input] public JoinMode Mode { get; set; }
    [Input] public string[]? Tags { get; set; }
    [Input] public List<string>? Names { get; set; }
    [Input] public IReadOnlyList<string>? Labels { get; set; }
    [Input] public int? MaybeCount { get; set; }
    [Input] public TimeSpan? MaybeWait { get; set; }
    [Input] public JoinMode? MaybeMode { get; set; }
    [Input(Sensitive = true)] public string? CardNumber { get; set; }

    public string NotAnInput { get; set; } = "untouched";
}

public abstract class AbstractActivity : TestActivity;

public sealed class UnmarkedActivity : TestActivity;
