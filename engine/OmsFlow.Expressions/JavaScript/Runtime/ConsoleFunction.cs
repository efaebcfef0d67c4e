using System.Text;
using Jurassic;
using Jurassic.Library;

namespace OmsFlow.Expressions.JavaScript.Runtime;

/// <summary>One <c>console</c> method; entries beyond the limit are dropped and long messages are cut so logging cannot exhaust memory.</summary>
internal sealed class ConsoleFunction(ScriptEngine engine, string level, List<ScriptLogEntry> entries, int maxEntries)
    : FunctionInstance(engine.Function.InstancePrototype)
{
    private const int MaxMessageLength = 4000;

    public override object CallLateBound(object thisObject, params object[] argumentValues)
    {
        if (entries.Count >= maxEntries)
        {
            return Undefined.Value;
        }

        var message = new StringBuilder();
        foreach (object argument in argumentValues)
        {
            if (message.Length > 0)
            {
                message.Append(' ');
            }

            message.Append(Format(argument));
            if (message.Length > MaxMessageLength)
            {
                message.Length = MaxMessageLength;
                message.Append('…');
                break;
            }
        }

        entries.Add(new ScriptLogEntry(level, message.ToString()));
        return Undefined.Value;
    }

    private static string Format(object argument)
    {
        if (argument is not ObjectInstance or FunctionInstance)
        {
            return TypeConverter.ToString(argument);
        }

        try
        {
            return JsonBridge.ToJson(argument)?.ToJsonString() ?? "null";
        }
        catch (ScriptRuntimeException)
        {
            // A cyclic object cannot be shown as JSON; its plain string form still tells the author something.
            return TypeConverter.ToString(argument);
        }
    }
}
