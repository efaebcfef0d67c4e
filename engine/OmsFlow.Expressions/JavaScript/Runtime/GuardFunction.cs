using System.Runtime.CompilerServices;
using Jurassic;
using Jurassic.Library;
using OmsFlow.Expressions.JavaScript.Constraints;

namespace OmsFlow.Expressions.JavaScript.Runtime;

/// <summary>The function injected at the start of every loop and function body; it checks every constraint.</summary>
internal sealed class GuardFunction(ScriptEngine engine, IReadOnlyList<ScriptConstraint> constraints, StrongBox<int> lastLine)
    : FunctionInstance(engine.Function.InstancePrototype)
{
    private readonly ScriptConstraint[] constraints = [.. constraints];

    /// <summary>The line of the most recent guard call: where the script was when something stopped it.</summary>
    /// <remarks>Shared with the waiting caller so a run stopped from outside can still name its line.</remarks>
    public int LastLine => lastLine.Value;

    public override object CallLateBound(object thisObject, params object[] argumentValues)
    {
        int line = argumentValues.Length > 0 ? TypeConverter.ToInt32(argumentValues[0]) : 0;
        lastLine.Value = line;

        // The engine's own depth limit counts script calls only; this catches a thread that is already deep when the script starts.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw ScriptHost.RecursionLimit(line, null);
        }

        foreach (ScriptConstraint constraint in constraints)
        {
            constraint.Check(line);
        }

        return Undefined.Value;
    }
}
