using Jurassic;
using Jurassic.Library;

namespace OmsFlow.Expressions.JavaScript.Runtime;

/// <summary>
/// Closes the ways a script could do unbounded work inside one built-in call, where no guard runs: compiling new code
/// (<c>eval</c>, the <c>Function</c> constructor), array methods over huge sparse lengths (<c>new Array(1e9).fill(0)</c>)
/// and strings built in one step (<c>'x'.repeat(1e9)</c>, <c>join</c>), spreading huge array-likes (<c>f.apply(null, { length: 2e8 })</c>,
/// <c>Array.from</c>, <c>Reflect</c>) and binary buffers (<c>new Uint8Array(1e9)</c>), which are removed.
/// </summary>
internal static class BuiltInShield
{
    private static readonly string[] BinaryTypes =
    [
        "ArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
        "Float32Array", "Float64Array",
    ];

    private const string DynamicCodeMessage = "eval and the Function constructor are not available in scripts; write the code directly";

    public static void Install(ScriptEngine engine, GuardFunction guard, ScriptLimits limits)
    {
        // Sizes follow the memory budget: an element costs at least 16 bytes, a character 2.
        long maxElements = Math.Max(1024, limits.MaxAllocatedBytes / 16);
        long maxCharacters = Math.Max(1024, limits.MaxAllocatedBytes / 4);

        var blocked = new BlockedFunction(engine);
        blocked["prototype"] = engine.Function.InstancePrototype;
        engine.SetGlobalValue("eval", blocked);
        engine.SetGlobalValue("Function", blocked);
        engine.Function.InstancePrototype["constructor"] = blocked;

        ObjectInstance arrayPrototype = engine.Array.InstancePrototype;
        var methods = arrayPrototype.Properties
            .Where(property => property.Key is string name && name != "constructor" && property.Value is FunctionInstance)
            .Select(property => ((string)property.Key, (FunctionInstance)property.Value))
            .ToList();
        foreach (var (name, original) in methods)
        {
            arrayPrototype[name] = new SizeCheckedFunction(engine, original, (thisObject, arguments) =>
            {
                double length = thisObject is ObjectInstance array ? TypeConverter.ToNumber(array["length"]) : 0;
                if (length > maxElements)
                {
                    throw TooBig(guard, $"Array.prototype.{name} on an array of length {length:0}", $"{maxElements} elements");
                }

                if (name == "join")
                {
                    int separator = arguments.Length > 0 && arguments[0] is not Undefined ? TypeConverter.ToString(arguments[0]).Length : 1;
                    if (length * separator > maxCharacters)
                    {
                        throw TooBig(guard, $"joining {length:0} elements", $"{maxCharacters} characters");
                    }
                }
            });
        }

        // Binary buffers allocate their whole length in one call and order scripts have no use for them.
        foreach (string name in BinaryTypes)
        {
            engine.Global.Delete(name, throwOnError: false);
        }

        // Built-ins that turn an array-like into a .NET array or loop over its length in one call.
        void CheckArrayLike(object value, string what)
        {
            if (value is ObjectInstance arrayLike && TypeConverter.ToNumber(arrayLike["length"]) is var length && length > maxElements)
            {
                throw TooBig(guard, $"{what} with {length:0} elements", $"{maxElements} elements");
            }
        }

        Wrap(engine, engine.Function.InstancePrototype, "apply", (_, arguments) => CheckArrayLike(Argument(arguments, 1), "Function.prototype.apply"));
        Wrap(engine, engine.Array, "from", (_, arguments) => CheckArrayLike(Argument(arguments, 0), "Array.from"));
        if (engine.Global["Reflect"] is ObjectInstance reflect)
        {
            Wrap(engine, reflect, "apply", (_, arguments) => CheckArrayLike(Argument(arguments, 2), "Reflect.apply"));
            Wrap(engine, reflect, "construct", (_, arguments) => CheckArrayLike(Argument(arguments, 1), "Reflect.construct"));
        }

        ObjectInstance stringPrototype = engine.String.InstancePrototype;
        Wrap(engine, stringPrototype, "repeat", (thisObject, arguments) =>
        {
            double count = arguments.Length > 0 ? TypeConverter.ToNumber(arguments[0]) : 0;
            double resulting = TypeConverter.ToString(thisObject).Length * count;
            if (resulting > maxCharacters)
            {
                throw TooBig(guard, $"String.prototype.repeat producing {resulting:0} characters", $"{maxCharacters} characters");
            }
        });
    }

    private static object Argument(object[] arguments, int index) => index < arguments.Length ? arguments[index] : Undefined.Value;

    /// <summary>Wraps a built-in method if this engine version has it.</summary>
    private static void Wrap(ScriptEngine engine, ObjectInstance prototype, string name, Action<object, object[]> check)
    {
        if (prototype[name] is FunctionInstance original)
        {
            prototype[name] = new SizeCheckedFunction(engine, original, check);
        }
    }

    private static ScriptLimitExceededException TooBig(GuardFunction guard, string what, string allowed)
    {
        int line = guard.LastLine;
        string where = line > 0 ? $"after line {line}" : "before any loop or function ran";
        return new ScriptLimitExceededException(
            ScriptLimit.Memory, line > 0 ? line : null, $"Script stopped in a built-in call {where}: {what} exceeds the sandbox's {allowed}; work on smaller data.");
    }

    /// <summary>Stands in for <c>eval</c> and <c>Function</c>: calling or constructing it is an <c>EvalError</c> the script can catch.</summary>
    private sealed class BlockedFunction(ScriptEngine engine) : FunctionInstance(engine.Function.InstancePrototype)
    {
        public override object CallLateBound(object thisObject, params object[] argumentValues) =>
            throw new JavaScriptException(ErrorType.EvalError, DynamicCodeMessage);

        public override ObjectInstance ConstructLateBound(FunctionInstance newTarget, params object[] argumentValues) =>
            throw new JavaScriptException(ErrorType.EvalError, DynamicCodeMessage);
    }

    /// <summary>Runs a size check, then the original built-in.</summary>
    private sealed class SizeCheckedFunction(ScriptEngine engine, FunctionInstance original, Action<object, object[]> check)
        : FunctionInstance(engine.Function.InstancePrototype)
    {
        public override object CallLateBound(object thisObject, params object[] argumentValues)
        {
            check(thisObject, argumentValues);
            return original.CallLateBound(thisObject, argumentValues);
        }
    }
}
