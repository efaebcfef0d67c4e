using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Jurassic;
using Jurassic.Library;
using OmsFlow.Expressions.JavaScript.Constraints;
using OmsFlow.Expressions.JavaScript.Runtime;

namespace OmsFlow.Expressions.JavaScript;

/// <summary>Running a compiled script in a fresh, guarded engine and mapping engine failures to <see cref="ScriptException"/>s.</summary>
public sealed partial class ScriptHost
{
    /// <summary>Stack of the thread each script runs on: room for the call-depth limit and the nesting the built-ins allow.</summary>
    public const int SandboxStackSize = 16 * 1024 * 1024;

    /// <summary>How long past its time limit the caller waits for a script stuck inside one built-in call.</summary>
    public static readonly TimeSpan WatchdogGrace = TimeSpan.FromSeconds(1);

    private static readonly string[] ConsoleLevels = ["log", "info", "warn", "error", "debug"];

    /// <summary>Compiles (or takes from the cache) and runs <paramref name="source"/>.</summary>
    /// <param name="source">The script: a function body.</param>
    /// <param name="input">The input object, visible as <c>input</c> and through its top-level property names.</param>
    /// <param name="limits">The limits of this run; <see cref="DefaultLimits"/> when null.</param>
    /// <param name="cancellationToken">Stops the run at its next loop iteration or function call.</param>
    /// <exception cref="ScriptSyntaxException">The script does not parse.</exception>
    /// <exception cref="ScriptRuntimeException">The script threw, or its result cannot be represented as JSON.</exception>
    /// <exception cref="ScriptLimitExceededException">A time, step, memory or recursion limit stopped the script.</exception>
    /// <exception cref="ScriptCanceledException">The token was canceled.</exception>
    public ScriptResult Run(string source, JsonObject? input = null, ScriptLimits? limits = null, CancellationToken cancellationToken = default) =>
        Run(Compile(source), input, limits, cancellationToken);

    /// <summary>Runs a compiled script; see <see cref="Run(string, JsonObject?, ScriptLimits?, CancellationToken)"/>.</summary>
    /// <remarks>
    /// The script runs on a sandbox thread with a <see cref="SandboxStackSize"/> stack (threads are reused between runs),
    /// so the call depth a script may use does not depend on how deep the caller already is. The caller waits at most the time limit plus
    /// <see cref="WatchdogGrace"/>: a script stuck inside a single built-in call, where no guard runs, is reported as
    /// over its time limit and abandoned on its background thread.
    /// </remarks>
    public ScriptResult Run(CompiledJavaScript script, JsonObject? input = null, ScriptLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        limits ??= options.DefaultLimits;
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<ScriptConstraint> constraints = limits.CreateConstraints(cancellationToken);

        var completion = new TaskCompletionSource<ScriptResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastLine = new StrongBox<int>();
        SandboxThreads.Run(() => RunOnSandboxThread(script, input, limits, constraints, lastLine, completion));

        bool finished;
        try
        {
            finished = completion.Task.Wait(WatchdogTimeout(limits.Timeout), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The script sees the cancellation at its next guard call and reports its own line; only a script stuck in
            // a built-in call is given up on here.
            if (!WaitQuietly(completion.Task, WatchdogGrace))
            {
                throw new ScriptCanceledException(lastLine.Value, cancellationToken);
            }

            finished = true;
        }
        catch (AggregateException)
        {
            finished = true;
        }

        if (!finished)
        {
            throw new ScriptLimitExceededException(
                ScriptLimit.Time,
                lastLine.Value,
                $"Script ran longer than its time limit of {limits.Timeout.TotalMilliseconds:0} ms inside a single built-in call after line {lastLine.Value} " +
                "(for example a regular expression that backtracks without end); simplify that call.");
        }

        return completion.Task.GetAwaiter().GetResult();
    }

    /// <summary>The time limit plus grace; limits too long for a wait (over 20 days) mean waiting without a watchdog.</summary>
    private static TimeSpan WatchdogTimeout(TimeSpan timeout) =>
        timeout > TimeSpan.FromDays(20) ? Timeout.InfiniteTimeSpan : timeout + WatchdogGrace;

    private static bool WaitQuietly(Task task, TimeSpan timeout)
    {
        try
        {
            return task.Wait(timeout);
        }
        catch (AggregateException)
        {
            return true;
        }
    }

    private static void RunOnSandboxThread(
        CompiledJavaScript script,
        JsonObject? input,
        ScriptLimits limits,
        IReadOnlyList<ScriptConstraint> constraints,
        StrongBox<int> lastLine,
        TaskCompletionSource<ScriptResult> completion)
    {
        // Everything is caught: an exception escaping this thread would end the process.
        try
        {
            completion.SetResult(Execute(script, input, limits, constraints, lastLine));
        }
#pragma warning disable CA1031 // The sandbox thread must hand every failure, whatever its type, back to the caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            completion.SetException(ex);
        }
    }

    private static ScriptResult Execute(
        CompiledJavaScript script, JsonObject? input, ScriptLimits limits, IReadOnlyList<ScriptConstraint> constraints, StrongBox<int> lastLine)
    {
        var engine = new ScriptEngine
        {
            EnableExposedClrTypes = false,
            RecursionDepthLimit = limits.MaxRecursionDepth,
        };
        var guard = new GuardFunction(engine, constraints, lastLine);
        var logs = new List<ScriptLogEntry>();

        // Sealed: the script can neither reassign nor redefine the guard through the global object.
        engine.Global.DefineProperty(GuardName, new PropertyDescriptor(guard, PropertyAttributes.Sealed), throwOnError: true);
        engine.SetGlobalValue("console", CreateConsole(engine, logs, limits.MaxLogEntries));
        NativeDepthShield.Install(engine, guard);
        BuiltInShield.Install(engine, guard, limits);
        object inputValue = JsonBridge.ToJavaScript(engine, input ?? []);
        if (input is not null)
        {
            ExposeNamedValues(engine, (ObjectInstance)inputValue);
        }

        long started = Stopwatch.GetTimestamp();
        foreach (ScriptConstraint constraint in constraints)
        {
            constraint.Reset();
        }

        try
        {
            script.Compiled.Execute(engine);
            object returned = engine.CallGlobalFunction(EntryName, inputValue);
            JsonNode? value = JsonBridge.ToJson(returned);
            long steps = constraints.OfType<StepConstraint>().Sum(step => step.Steps);
            long allocated = constraints.OfType<MemoryConstraint>().Select(memory => memory.AllocatedBytes).DefaultIfEmpty().Max();
            return new ScriptResult(value, logs, steps, Stopwatch.GetElapsedTime(started), allocated);
        }
        catch (Exception ex) when (Translate(ex, engine, lastLine.Value, limits) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>The error for a built-in asked to handle data nested deeper than the sandbox allows.</summary>
    /// <remarks>Built-ins run no guard, so the line known is that of the last loop or function body entered before the call.</remarks>
    internal static ScriptLimitExceededException NestingLimit(int lastLine, string what) =>
        new(
            ScriptLimit.Recursion,
            lastLine > 0 ? lastLine : null,
            $"Script stopped in a built-in call {(lastLine > 0 ? $"after line {lastLine}" : "before any loop or function ran")}: {what}; flatten the data.");

    /// <summary>The error for a run that exceeded its call depth.</summary>
    internal static ScriptLimitExceededException RecursionLimit(int line, int? depth, Exception? inner = null) =>
        new(
            ScriptLimit.Recursion,
            line,
            $"Script exceeded the maximum call depth{(depth is { } max ? $" of {max}" : string.Empty)} at line {line}; a function probably calls itself without end. Add a base case or iterate instead.",
            inner);

    private static Exception? Translate(Exception ex, ScriptEngine engine, int lastLine, ScriptLimits limits)
    {
        switch (ex)
        {
            case ScriptException or OperationCanceledException:
                return null;
            case StackOverflowException or InsufficientExecutionStackException:
                return RecursionLimit(lastLine, limits.MaxRecursionDepth, ex);
            case RegexMatchTimeoutException:
                return new ScriptLimitExceededException(
                    ScriptLimit.Time, lastLine, $"A regular expression after line {lastLine} took too long to match; simplify the pattern.", ex);
            case OutOfMemoryException:
                return new ScriptLimitExceededException(
                    ScriptLimit.Memory,
                    lastLine,
                    $"Script ran out of memory after line {lastLine}; build smaller strings and arrays.",
                    ex);
            case JavaScriptException { InnerException: ScriptException or OperationCanceledException } wrapper:
                return wrapper.InnerException;
            case JavaScriptException js:
            {
                int? line = js.LineNumber > 0 ? js.LineNumber : null;
                object thrown = js.GetErrorObject(engine);
                if (thrown is ErrorInstance error)
                {
                    return new ScriptRuntimeException(error.Name, error.Message, line, js);
                }

                return new ScriptRuntimeException("Uncaught", DescribeThrownValue(thrown), line, js);
            }

            default:
                return new ScriptRuntimeException("InternalError", ex.Message, lastLine > 0 ? lastLine : null, ex);
        }
    }

    private static string DescribeThrownValue(object? thrown)
    {
        try
        {
            return thrown is ObjectInstance and not FunctionInstance
                ? JsonBridge.ToJson(thrown)?.ToJsonString() ?? "null"
                : TypeConverter.ToString(thrown);
        }
        catch (ScriptRuntimeException)
        {
            return TypeConverter.ToString(thrown);
        }
    }

    private static ObjectInstance CreateConsole(ScriptEngine engine, List<ScriptLogEntry> logs, int maxEntries)
    {
        ObjectInstance console = engine.Object.Construct();
        foreach (string level in ConsoleLevels)
        {
            console[level] = new ConsoleFunction(engine, level, logs, maxEntries);
        }

        return console;
    }

    private static void ExposeNamedValues(ScriptEngine engine, ObjectInstance input)
    {
        foreach (PropertyNameAndValue property in input.Properties)
        {
            if (property.Key is string name && IsPlainIdentifier(name) && !engine.Global.HasProperty(name) && !name.StartsWith("__omsflow", StringComparison.Ordinal))
            {
                engine.SetGlobalValue(name, property.Value);
            }
        }
    }

    private static bool IsPlainIdentifier(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');
}
