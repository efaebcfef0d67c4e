using HandlebarsDotNet;

namespace OmsFlow.Templates.Helpers;

/// <summary>Comparisons, boolean logic, defaults and case helpers, used as subexpressions: <c>{{#if (gt qty 1)}}</c>.</summary>
internal static class LogicHelpers
{
    public static void Register(HelperTable helpers)
    {
        helpers.Add("eq", (context, arguments) => Compare(arguments, "eq") == 0);
        helpers.Add("ne", (context, arguments) => Compare(arguments, "ne") != 0);
        helpers.Add("gt", (context, arguments) => Compare(arguments, "gt") > 0);
        helpers.Add("gte", (context, arguments) => Compare(arguments, "gte") >= 0);
        helpers.Add("lt", (context, arguments) => Compare(arguments, "lt") < 0);
        helpers.Add("lte", (context, arguments) => Compare(arguments, "lte") <= 0);
        helpers.Add("and", (context, arguments) =>
        {
            for (var i = 0; i < HelperValue.Count(arguments); i++)
            {
                if (!HelperValue.IsTruthy(arguments[i]))
                {
                    return false;
                }
            }

            return HelperValue.Count(arguments) > 0;
        });
        helpers.Add("or", (context, arguments) =>
        {
            for (var i = 0; i < HelperValue.Count(arguments); i++)
            {
                if (HelperValue.IsTruthy(arguments[i]))
                {
                    return true;
                }
            }

            return false;
        });
        helpers.Add("not", (context, arguments) => HelperValue.Count(arguments) == 0 || !HelperValue.IsTruthy(arguments[0]));

        // {{default nickname "customer"}}: the first argument that is not null, missing or empty.
        helpers.Add("default", (context, arguments) =>
        {
            for (var i = 0; i < HelperValue.Count(arguments); i++)
            {
                var value = HelperValue.Unwrap(arguments[i]);
                if (value is not null && value is not string { Length: 0 })
                {
                    return value;
                }
            }

            return string.Empty;
        });
        helpers.Add("upper", (context, arguments) =>
            HelperValue.Count(arguments) == 0 ? string.Empty : HelperValue.AsString(arguments[0])?.ToUpper(HelperValue.Culture(arguments)) ?? string.Empty);
        helpers.Add("lower", (context, arguments) =>
            HelperValue.Count(arguments) == 0 ? string.Empty : HelperValue.AsString(arguments[0])?.ToLower(HelperValue.Culture(arguments)) ?? string.Empty);
    }

    /// <summary>Numbers compare as numbers (so JSON 2 equals typed 2.0m), dates as instants, everything else as ordinal text.</summary>
    private static int Compare(Arguments arguments, string helper)
    {
        FormattingHelpers.Require(arguments, 2, helper, "{{" + helper + " left right}}");
        var left = HelperValue.Unwrap(arguments[0]);
        var right = HelperValue.Unwrap(arguments[1]);
        if (left is null || right is null)
        {
            return left is null && right is null ? 0 : left is null ? -1 : 1;
        }

        if (left is bool lb && right is bool rb)
        {
            return lb.CompareTo(rb);
        }

        if (left is not string && right is not string && HelperValue.TryDecimal(left, out var ld) && HelperValue.TryDecimal(right, out var rd))
        {
            return ld.CompareTo(rd);
        }

        if (left is string ls && right is string rs)
        {
            if (HelperValue.TryDecimal(ls, out var lsd) && HelperValue.TryDecimal(rs, out var rsd))
            {
                return lsd.CompareTo(rsd);
            }

            return string.CompareOrdinal(ls, rs);
        }

        if (HelperValue.TryDecimal(left, out ld) && HelperValue.TryDecimal(right, out rd))
        {
            return ld.CompareTo(rd);
        }

        if (left is not string && right is not string && HelperValue.TryDouble(left, out var lf) && HelperValue.TryDouble(right, out var rf))
        {
            return lf.CompareTo(rf);
        }

        return string.CompareOrdinal(HelperValue.AsString(left), HelperValue.AsString(right));
    }
}
