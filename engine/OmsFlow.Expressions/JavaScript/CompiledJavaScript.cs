using Jurassic;

namespace OmsFlow.Expressions.JavaScript;

/// <summary>A script instrumented with guard calls and compiled once; run it any number of times through <see cref="ScriptHost"/>.</summary>
public sealed class CompiledJavaScript
{
    internal CompiledJavaScript(string source, CompiledScript compiled, int guardSites)
    {
        Source = source;
        Compiled = compiled;
        GuardSites = guardSites;
    }

    /// <summary>The script as the user wrote it.</summary>
    public string Source { get; }

    /// <summary>How many loop and function bodies received a guard call.</summary>
    public int GuardSites { get; }

    internal CompiledScript Compiled { get; }
}
