using System.Runtime.CompilerServices;
using Jurassic;
using Jurassic.Library;

namespace OmsFlow.Expressions.JavaScript.Runtime;

/// <summary>
/// Bounds the built-ins that recurse in .NET code without ever entering a guarded script function: joining nested
/// arrays, <c>JSON.stringify</c> / <c>JSON.parse</c> of deeply nested data and long <c>bind</c> chains. Left alone, a
/// script could build a structure a million levels deep in a few lines and overflow the stack, which ends the process.
/// <c>Array.prototype.flat</c> is bounded the same way.
/// </summary>
internal sealed class NativeDepthShield
{
    /// <summary>Deeper than any real document, and well inside the sandbox thread's stack.</summary>
    public const int MaxNesting = 1000;

    private readonly GuardFunction guard;
    private readonly ConditionalWeakTable<object, StrongBox<int>> bindDepths = [];
    private int arrayDepth;

    private NativeDepthShield(GuardFunction guard) => this.guard = guard;

    public static void Install(ScriptEngine engine, GuardFunction guard)
    {
        var shield = new NativeDepthShield(guard);
        ObjectInstance arrayPrototype = engine.Array.InstancePrototype;
        foreach (string name in new[] { "join", "toString", "toLocaleString" })
        {
            var original = (FunctionInstance)arrayPrototype[name];
            arrayPrototype[name] = new Wrapper(engine, original, shield.EnterArray, shield.ExitArray);
        }

        // flat recurses once per nesting level inside .NET code.
        var flat = (FunctionInstance)arrayPrototype["flat"];
        arrayPrototype["flat"] = new Wrapper(engine, flat, (thisObject, _) => shield.CheckValueDepth([thisObject], "the array passed to flat"), null);

        ObjectInstance json = (ObjectInstance)engine.Global["JSON"];
        var stringify = (FunctionInstance)json["stringify"];
        json["stringify"] = new Wrapper(engine, stringify, (_, arguments) => shield.CheckValueDepth(arguments, "the value passed to JSON.stringify"), null);
        var parse = (FunctionInstance)json["parse"];
        json["parse"] = new Wrapper(engine, parse, (_, arguments) => shield.CheckTextDepth(arguments), null);

        ObjectInstance functionPrototype = engine.Function.InstancePrototype;
        var bind = (FunctionInstance)functionPrototype["bind"];
        functionPrototype["bind"] = new BindWrapper(engine, bind, shield);
    }

    private ScriptLimitExceededException TooDeep(string what) =>
        ScriptHost.NestingLimit(guard.LastLine, $"{what} nests deeper than {MaxNesting} levels");

    private void EnterArray(object thisObject, object[] arguments)
    {
        if (++arrayDepth > MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            arrayDepth--;
            throw TooDeep("an array being converted to text");
        }
    }

    private void ExitArray() => arrayDepth--;

    private void CheckValueDepth(object[] arguments, string what)
    {
        if (arguments.Length == 0 || arguments[0] is not ObjectInstance root)
        {
            return;
        }

        // Iterative walk: measuring the depth must not itself recurse.
        var pending = new Stack<(ObjectInstance Value, int Depth)>();
        var seen = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance);
        pending.Push((root, 1));
        while (pending.Count > 0)
        {
            var (value, depth) = pending.Pop();
            if (depth > MaxNesting)
            {
                throw TooDeep(what);
            }

            if (!seen.Add(value))
            {
                continue;
            }

            foreach (PropertyNameAndValue property in value.Properties)
            {
                if (property.Value is ObjectInstance child and not FunctionInstance)
                {
                    pending.Push((child, depth + 1));
                }
            }
        }
    }

    private void CheckTextDepth(object[] arguments)
    {
        if (arguments.Length == 0)
        {
            return;
        }

        string text = TypeConverter.ToString(arguments[0]);
        int depth = 0;
        bool inString = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '{' && ++depth > MaxNesting)
            {
                throw TooDeep("the text passed to JSON.parse");
            }
            else if (c is ']' or '}')
            {
                depth--;
            }
        }
    }

    /// <summary>Calls the original built-in between an entry check and an optional exit action.</summary>
    private sealed class Wrapper(ScriptEngine engine, FunctionInstance original, Action<object, object[]> enter, Action? exit)
        : FunctionInstance(engine.Function.InstancePrototype)
    {
        public override object CallLateBound(object thisObject, params object[] argumentValues)
        {
            enter(thisObject, argumentValues);
            try
            {
                return original.CallLateBound(thisObject, argumentValues);
            }
            finally
            {
                exit?.Invoke();
            }
        }
    }

    /// <summary>Counts how many bound functions wrap each other; calling a long chain recurses once per link.</summary>
    private sealed class BindWrapper(ScriptEngine engine, FunctionInstance original, NativeDepthShield shield)
        : FunctionInstance(engine.Function.InstancePrototype)
    {
        public override object CallLateBound(object thisObject, params object[] argumentValues)
        {
            int depth = shield.bindDepths.TryGetValue(thisObject, out StrongBox<int>? existing) ? existing.Value + 1 : 1;
            if (depth > MaxNesting)
            {
                throw shield.TooDeep("a chain of bound functions");
            }

            object bound = original.CallLateBound(thisObject, argumentValues);
            shield.bindDepths.AddOrUpdate(bound, new StrongBox<int>(depth));
            return bound;
        }
    }
}
