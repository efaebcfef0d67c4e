using System.Collections.Concurrent;
using Jurassic;
using Jurassic.Compiler;
using OmsFlow.Expressions.JavaScript.Instrumentation;

namespace OmsFlow.Expressions.JavaScript;

/// <summary>
/// Runs user JavaScript (the Script activity) in Jurassic, sandboxed: no CLR access, a call-depth limit, and a deadline,
/// step budget, allocation budget and cancellation enforced by guard calls injected into every loop and function body.
/// A script that loops forever, recurses without end or allocates without bound ends with a <see cref="ScriptException"/>
/// naming the limit and line; the process keeps running.
/// </summary>
/// <remarks>
/// <para>
/// The script is a function body: <c>return</c> gives the result; a script that returns nothing yields its <c>result</c>
/// variable. The input object is visible as <c>input</c>, and each of its top-level properties whose name is a plain
/// identifier (and not a built-in such as <c>Math</c>) also as a variable of that name.
/// </para>
/// <para>
/// Compiled scripts are cached by text (up to <see cref="ScriptHostOptions.CacheCapacity"/>), so a workflow step pays
/// for instrumentation and compilation once. Every run gets a fresh engine, so runs never see each other's globals.
/// The host is thread-safe. A run blocks its caller while the script executes on a dedicated sandbox thread.
/// </para>
/// </remarks>
public sealed partial class ScriptHost
{
    /// <summary>The name of the injected guard function; scripts may not use identifiers starting with it.</summary>
    public const string GuardName = "__omsflow_guard";

    private const string EntryName = "__omsflow_main";

    private readonly ConcurrentDictionary<string, CompiledJavaScript> cache = new(StringComparer.Ordinal);
    private readonly ScriptHostOptions options;

    /// <summary>Creates a host.</summary>
    public ScriptHost(ScriptHostOptions? options = null)
    {
        this.options = options ?? new ScriptHostOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.options.CacheCapacity);
    }

    /// <summary>The limits a run uses when it is given none.</summary>
    public ScriptLimits DefaultLimits => options.DefaultLimits;

    /// <summary>How many compiled scripts the cache holds.</summary>
    public int CachedScriptCount => cache.Count;

    /// <summary>Instruments and compiles <paramref name="source"/>, or returns the cached compilation of the same text.</summary>
    /// <exception cref="ScriptSyntaxException">The script is not valid JavaScript; the message starts with line:column.</exception>
    public CompiledJavaScript Compile(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (cache.TryGetValue(source, out CompiledJavaScript? cached))
        {
            return cached;
        }

        CompiledJavaScript compiled = CompileUncached(source);

        // A full cache is emptied rather than tracked per entry: scripts come from a bounded set of deployed definitions,
        // so overflowing means unusual churn, and recompiling the live ones is cheap next to per-hit bookkeeping.
        if (cache.Count >= options.CacheCapacity)
        {
            cache.Clear();
        }

        return cache.GetOrAdd(source, compiled);
    }

    private static CompiledJavaScript CompileUncached(string source)
    {
        InstrumentedScript instrumented;
        try
        {
            instrumented = GuardInjector.Instrument(source, GuardName);
        }
        catch (JsSyntaxException ex)
        {
            throw new ScriptSyntaxException(ex.Message, ex.Line, ex.Column, ex);
        }

        // The wrapper adds no line breaks before the user's code, so Jurassic's line numbers are the user's.
        string wrapped = $"function {EntryName}(input) {{{instrumented.Text}\n;return typeof result === 'undefined' ? undefined : result;\n}}";
        try
        {
            CompiledScript compiled = CompiledScript.Compile(new StringScriptSource(wrapped, "script"), new CompilerOptions());
            return new CompiledJavaScript(source, compiled, instrumented.GuardSites);
        }
        catch (SyntaxErrorException ex)
        {
            throw JurassicSyntaxError(source, ex.Message, ex.LineNumber, ex);
        }
        catch (JavaScriptException ex)
        {
            throw JurassicSyntaxError(source, ex.ErrorMessage ?? ex.Message, ex.LineNumber, ex);
        }
    }

    /// <summary>Jurassic reports the line only; the column points at the line's first character so editors can still jump there.</summary>
    private static ScriptSyntaxException JurassicSyntaxError(string source, string message, int line, Exception inner)
    {
        string[] lines = source.ReplaceLineEndings("\n").Split('\n');
        int at = Math.Clamp(line, 1, lines.Length);
        string text = lines[at - 1];
        int column = text.Length - text.TrimStart().Length + 1;
        return new ScriptSyntaxException(message.TrimEnd('.'), at, column, inner);
    }
}

/// <summary>Options of a <see cref="ScriptHost"/>.</summary>
public sealed record ScriptHostOptions
{
    /// <summary>How many compiled scripts are kept (default 512).</summary>
    public int CacheCapacity { get; init; } = 512;

    /// <summary>The limits of a run that is given none (default <see cref="ScriptLimits.Default"/>).</summary>
    public ScriptLimits DefaultLimits { get; init; } = ScriptLimits.Default;
}
