using System.Diagnostics;
using System.Text.Json.Nodes;
using Jurassic;
using Jurassic.Library;
using OmsFlow.Expressions.JavaScript.Constraints;
using OmsFlow.Expressions.JavaScript.Runtime;

namespace OmsFlow.Expressions.JavaScript;

/// <summary>Running a compiled script in a fresh, guarded engine and mapping engine failures to <see cref="ScriptException"/>s.</summary>
public sealed partial class ScriptHost
{
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
    public ScriptResult Run(CompiledJavaScript script, JsonObject? input = null, ScriptLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        limits ??= options.DefaultLimits;
        cancellationToken.ThrowIfCancellationRequested();

        var engine = new ScriptEngine
        {
            EnableExposedClrTypes = false,
            RecursionDepthLimit = limits.MaxRecursionDepth,
        };
        IReadOnlyList<ScriptConstraint> constraints = limits.CreateConstraints(cancellationToken);
        var guard = new GuardFunction(engine, constraints);
        var logs = new List<ScriptLogEntry>();

        // Sealed: the script can neither reassign nor redefine the guard through the global object.
        engine.Global.DefineProperty(GuardName, new PropertyDescriptor(guard, PropertyAttributes.Sealed), throwOnError: true);
        engine.SetGlobalValue("console", CreateConsole(engine, logs, limits.MaxLogEntries));
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
            return new ScriptResult(value, logs, steps, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (Translate(ex, engine, guard.LastLine, limits) is { } translated)
        {
            throw translated;
        }
    }

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
