using System.Globalization;
using OmsFlow.Rules.Actions;

namespace OmsFlow.Rules.Execution;

/// <summary>How nested rules are evaluated.</summary>
public enum NestedRuleExecutionMode
{
    /// <summary>Every nested rule is evaluated, so every child has a result.</summary>
    All,

    /// <summary>Evaluation stops as soon as the operator's outcome is known (And stops at the first failure, Or at the first success).</summary>
    Performance,
}

/// <summary>Settings with RulesEngine's names and defaults (ReSettings).</summary>
public sealed class ReSettings
{
    /// <summary>Host types whose members and static methods expressions may use (for example a utility class).</summary>
    public Type[] CustomTypes { get; set; } = [];

    /// <summary>Custom actions by name, created per run.</summary>
    public Dictionary<string, Func<RuleAction>> CustomActions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When true (default) compile and run errors become the rule's ExceptionMessage; when false they are thrown.</summary>
    public bool EnableExceptionAsErrorMessage { get; set; } = true;

    /// <summary>When true, errors make the rule fail with an empty ExceptionMessage.</summary>
    public bool IgnoreException { get; set; }

    /// <summary>When true (default) a failed rule's ErrorMessage becomes its ExceptionMessage with <c>$(...)</c> replaced.</summary>
    public bool EnableFormattedErrorMessage { get; set; } = true;

    /// <summary>When false, GlobalParams and LocalParams are ignored.</summary>
    public bool EnableScopedParams { get; set; } = true;

    /// <summary>When true, names in expressions must match inputs and members exactly.</summary>
    public bool IsExpressionCaseSensitive { get; set; }

    /// <summary>When true (default) the types of typed inputs may have their methods called.</summary>
    public bool AutoRegisterInputType { get; set; } = true;

    public NestedRuleExecutionMode NestedRuleExecutionMode { get; set; } = NestedRuleExecutionMode.All;

    /// <summary>When true (default) OnSuccess/OnFailure actions run during ExecuteAllRules and fill ActionResult.</summary>
    public bool AutoExecuteActions { get; set; } = true;

    /// <summary>
    /// RulesEngine's choice between FastExpressionCompiler and LINQ's compiler. Accepted so settings written for
    /// RulesEngine keep working; it has no effect, because OmsFlow always starts expressions interpreted and compiles
    /// the ones that run often in the background.
    /// </summary>
    public bool UseFastExpressionCompiler { get; set; } = true;

    /// <summary>Sets one setting by its ReSettings name (case-insensitive), as the command line's <c>--setting KEY=VALUE</c> does.</summary>
    /// <exception cref="ArgumentException">Unknown setting or a value of the wrong kind.</exception>
    public void Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        switch (name.ToUpperInvariant())
        {
            case "ENABLEEXCEPTIONASERRORMESSAGE":
                EnableExceptionAsErrorMessage = ParseBool(name, value);
                break;
            case "IGNOREEXCEPTION":
                IgnoreException = ParseBool(name, value);
                break;
            case "ENABLEFORMATTEDERRORMESSAGE":
                EnableFormattedErrorMessage = ParseBool(name, value);
                break;
            case "ENABLESCOPEDPARAMS":
                EnableScopedParams = ParseBool(name, value);
                break;
            case "ISEXPRESSIONCASESENSITIVE":
                IsExpressionCaseSensitive = ParseBool(name, value);
                break;
            case "AUTOREGISTERINPUTTYPE":
                AutoRegisterInputType = ParseBool(name, value);
                break;
            case "AUTOEXECUTEACTIONS":
                AutoExecuteActions = ParseBool(name, value);
                break;
            case "USEFASTEXPRESSIONCOMPILER":
                UseFastExpressionCompiler = ParseBool(name, value);
                break;
            case "NESTEDRULEEXECUTIONMODE":
                NestedRuleExecutionMode = Enum.TryParse<NestedRuleExecutionMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
                    ? mode
                    : throw new ArgumentException($"setting {name} must be All or Performance, not '{value}'", nameof(value));
                break;
            default:
                throw new ArgumentException(
                    $"unknown setting '{name}'; known settings: EnableExceptionAsErrorMessage, IgnoreException, EnableFormattedErrorMessage, " +
                    "EnableScopedParams, IsExpressionCaseSensitive, AutoRegisterInputType, NestedRuleExecutionMode, AutoExecuteActions, UseFastExpressionCompiler",
                    nameof(name));
        }
    }

    private static bool ParseBool(string name, string value) =>
        bool.TryParse(value, out var result)
            ? result
            : throw new ArgumentException($"setting {name} must be true or false, not '{value.ToString(CultureInfo.InvariantCulture)}'", nameof(value));
}
