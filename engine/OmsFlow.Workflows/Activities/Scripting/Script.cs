using System.Text.Json.Nodes;
using OmsFlow.Expressions.JavaScript;

namespace OmsFlow.Workflows.Activities.Scripting;

/// <summary>
/// Runs JavaScript in the sandbox: no CLR access, a recursion limit, and a deadline, step and memory budget
/// enforced by injected guard calls, so a script can never hang or crash the server.
/// </summary>
[Activity("Script", Category = "Data",
    Description = "Run JavaScript (sandboxed). The script sees the step's 'input' object and returns a value, which becomes the step's output.")]
public sealed class Script : Activity
{
    /// <summary>One host per process: it caches compiled scripts by their text.</summary>
    private static readonly ScriptHost Host = new();

    [Input(Required = true, Description = "JavaScript; `return` a value. Example: return input.lines.length > 3;", Editor = "javascript")]
    public string Code { get; set; } = string.Empty;

    [Input(Description = "Values the script sees as 'input' (literals or =expressions).", Editor = "json")]
    public JsonObject Input { get; set; } = [];

    [Input(Description = "Wall-clock limit, e.g. 500ms (default 2s).", Editor = "duration")]
    public TimeSpan? Timeout { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limits = Timeout is { } timeout ? Host.DefaultLimits with { Timeout = timeout } : Host.DefaultLimits;
        try
        {
            var result = Host.Run(Code, (JsonObject)Input.DeepClone(), limits, context.CancellationToken);
            return ValueTask.FromResult(ActivityResult.Done(result.Value));
        }
        catch (ScriptSyntaxException ex)
        {
            return ValueTask.FromResult(ActivityResult.Fault("Script does not parse: " + ex.Message, permanent: true));
        }
        catch (ScriptLimitExceededException ex)
        {
            return ValueTask.FromResult(ActivityResult.Fault("Script stopped: " + ex.Message, permanent: true));
        }
        catch (ScriptException ex)
        {
            return ValueTask.FromResult(ActivityResult.Fault("Script failed: " + ex.Message));
        }
    }
}
