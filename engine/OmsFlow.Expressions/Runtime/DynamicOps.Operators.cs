using System.Globalization;

namespace OmsFlow.Expressions.Runtime;

/// <summary>
/// Operators for values whose type is only known at run time (JSON inputs, <c>object</c> members).
/// Numbers follow C# promotion (int, long, decimal, double); comparisons with null are false; equality with null
/// is true only for null.
/// </summary>
public static partial class DynamicOps
{
    private enum NumberKind
    {
        None,
        Int,
        Long,
        Decimal,
        Double,
    }

    private static NumberKind Kind(object? value) => value switch
    {
        int or short or byte or sbyte or ushort => NumberKind.Int,
        long or uint or ulong => NumberKind.Long,
        decimal => NumberKind.Decimal,
        double or float => NumberKind.Double,
        _ => NumberKind.None,
    };

    private static NumberKind Widest(NumberKind a, NumberKind b) => a > b ? a : b;

    public static object? Add(object? left, object? right, SiteInfo site)
    {
        if (left is string || right is string || left is char || right is char)
        {
            return string.Concat(ToText(left), ToText(right));
        }

        if (left is null || right is null)
        {
            return null;
        }

        return (left, right) switch
        {
            (DateTime d, TimeSpan t) => d + t,
            (DateTimeOffset d, TimeSpan t) => d + t,
            (TimeSpan a, TimeSpan b) => a + b,
            _ => Arithmetic('+', left, right, site),
        };
    }

    public static object? Subtract(object? left, object? right, SiteInfo site)
    {
        if (left is null || right is null)
        {
            return null;
        }

        return (left, right) switch
        {
            (DateTime a, DateTime b) => a - b,
            (DateTime d, TimeSpan t) => d - t,
            (DateTimeOffset a, DateTimeOffset b) => a - b,
            (DateTimeOffset d, TimeSpan t) => d - t,
            (TimeSpan a, TimeSpan b) => a - b,
            _ => Arithmetic('-', left, right, site),
        };
    }

    public static object? Multiply(object? left, object? right, SiteInfo site) => (left, right) switch
    {
        (double a, double b) => a * b,
        (long a, long b) => a * b,
        (long a, int b) => a * b,
        (double a, int b) => a * b,
        (null, _) or (_, null) => null,
        _ => Arithmetic('*', left, right, site),
    };

    public static object? Divide(object? left, object? right, SiteInfo site) =>
        left is null || right is null ? null : Arithmetic('/', left, right, site);

    public static object? Modulo(object? left, object? right, SiteInfo site) =>
        left is null || right is null ? null : Arithmetic('%', left, right, site);

    public static object? Negate(object? operand, SiteInfo site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return operand switch
        {
            null => null,
            int i => -i,
            long l => -l,
            decimal m => -m,
            double d => -d,
            float f => -f,
            TimeSpan t => -t,
            _ when Kind(operand) == NumberKind.Int => -Convert.ToInt32(operand, CultureInfo.InvariantCulture),
            _ => throw site.Error($"operator '-' cannot be applied to {Describe(operand)}"),
        };
    }

    private static object Arithmetic(char op, object left, object right, SiteInfo site)
    {
        var kind = Widest(Kind(left), Kind(right));
        if (Kind(left) == NumberKind.None || Kind(right) == NumberKind.None)
        {
            throw site.Error($"operator '{op}' cannot be applied to {Describe(left)} and {Describe(right)}");
        }

        try
        {
            switch (kind)
            {
                case NumberKind.Int:
                    {
                        var a = Convert.ToInt32(left, CultureInfo.InvariantCulture);
                        var b = Convert.ToInt32(right, CultureInfo.InvariantCulture);
                        return op switch { '+' => a + b, '-' => a - b, '*' => a * b, '/' => a / b, _ => a % b };
                    }

                case NumberKind.Long:
                    {
                        var a = Convert.ToInt64(left, CultureInfo.InvariantCulture);
                        var b = Convert.ToInt64(right, CultureInfo.InvariantCulture);
                        return op switch { '+' => a + b, '-' => a - b, '*' => a * b, '/' => a / b, _ => a % b };
                    }

                case NumberKind.Decimal:
                    {
                        var a = Convert.ToDecimal(left, CultureInfo.InvariantCulture);
                        var b = Convert.ToDecimal(right, CultureInfo.InvariantCulture);
                        return op switch { '+' => a + b, '-' => a - b, '*' => a * b, '/' => a / b, _ => a % b };
                    }

                default:
                    {
                        var a = Convert.ToDouble(left, CultureInfo.InvariantCulture);
                        var b = Convert.ToDouble(right, CultureInfo.InvariantCulture);
                        return op switch { '+' => a + b, '-' => a - b, '*' => a * b, '/' => a / b, _ => a % b };
                    }
            }
        }
        catch (DivideByZeroException exception)
        {
            throw site.Error("division by zero", exception);
        }
        catch (OverflowException exception)
        {
            throw site.Error($"the result of '{op}' is out of range", exception);
        }
    }

    /// <summary>Equality as rule authors expect: numbers by value across types, strings ordinally, enums by name or number.</summary>
    public static bool AreEqual(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (left is string leftText && right is string rightText)
        {
            return string.Equals(leftText, rightText, StringComparison.Ordinal);
        }

        if (left is string || right is string)
        {
            return string.Equals(ToText(left), ToText(right), StringComparison.Ordinal)
                || (left is Enum && string.Equals(left.ToString(), ToText(right), StringComparison.OrdinalIgnoreCase))
                || (right is Enum && string.Equals(right.ToString(), ToText(left), StringComparison.OrdinalIgnoreCase));
        }

        var leftKind = left is Enum ? NumberKind.Long : Kind(left);
        var rightKind = right is Enum ? NumberKind.Long : Kind(right);
        if (leftKind != NumberKind.None && rightKind != NumberKind.None && (left is not Enum || right is not Enum))
        {
            return CompareNumbers(left, right, Widest(leftKind, rightKind)) == 0;
        }

        if (left is char c1 && right is char c2)
        {
            return c1 == c2;
        }

        return left.Equals(right);
    }

    public static bool NotEqual(object? left, object? right) => !AreEqual(left, right);

    public static bool LessThan(object? left, object? right, SiteInfo site) => Compare(left, right, site) is < 0;

    public static bool LessThanOrEqual(object? left, object? right, SiteInfo site) => Compare(left, right, site) is <= 0;

    public static bool GreaterThan(object? left, object? right, SiteInfo site) => Compare(left, right, site) is > 0;

    public static bool GreaterThanOrEqual(object? left, object? right, SiteInfo site) => Compare(left, right, site) is >= 0;

    /// <summary>Orders two values; null when either is null (so every relational test with null is false).</summary>
    public static int? Compare(object? left, object? right, SiteInfo site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (left is null || right is null)
        {
            return null;
        }

        switch (left, right)
        {
            case (long a, long b):
                return a.CompareTo(b);
            case (double a, double b):
                return a.CompareTo(b);
            case (long a, int b):
                return a.CompareTo(b);
            case (double a, int b):
                return a.CompareTo(b);
            case (int a, int b):
                return a.CompareTo(b);
            case (double a, long b):
                return a.CompareTo(b);
            case (long a, double b):
                return ((double)a).CompareTo(b);
        }

        var leftKind = Kind(left);
        var rightKind = Kind(right);
        if (leftKind != NumberKind.None && rightKind != NumberKind.None)
        {
            return CompareNumbers(left, right, Widest(leftKind, rightKind));
        }

        switch (left, right)
        {
            case (string a, string b):
                return string.CompareOrdinal(a, b);
            case (DateTime a, string b):
                return a.CompareTo(ToDateTime(b));
            case (string a, DateTime b):
                return ToDateTime(a).CompareTo(b);
        }

        if (left.GetType() == right.GetType() && left is IComparable comparable)
        {
            return comparable.CompareTo(right);
        }

        throw site.Error($"cannot compare {Describe(left)} with {Describe(right)}");
    }

    /// <summary>A total order used by OrderBy, Min and Max: nulls first, then values by <see cref="Compare"/>.</summary>
    internal static int CompareForSort(object? left, object? right, SiteInfo site)
    {
        if (left is null || right is null)
        {
            return left is null ? (right is null ? 0 : -1) : 1;
        }

        return Compare(left, right, site) ?? 0;
    }

    private static int CompareNumbers(object left, object right, NumberKind kind)
    {
        var invariant = CultureInfo.InvariantCulture;
        return kind switch
        {
            NumberKind.Int or NumberKind.Long => Convert.ToInt64(left, invariant).CompareTo(Convert.ToInt64(right, invariant)),
            NumberKind.Decimal when left is not double and not float && right is not double and not float =>
                Convert.ToDecimal(left, invariant).CompareTo(Convert.ToDecimal(right, invariant)),
            _ => Convert.ToDouble(left, invariant).CompareTo(Convert.ToDouble(right, invariant)),
        };
    }

    /// <summary>Truth of a condition: booleans as they are; null is false.</summary>
    public static bool IsTrue(object? value, SiteInfo site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return value switch
        {
            bool b => b,
            null => false,
            string s when bool.TryParse(s, out var parsed) => parsed,
            _ => throw site.Error($"expected a condition (true or false) but the value is {Describe(value)}"),
        };
    }

    public static object? Coalesce(object? left, object? right) => left ?? right;

    internal static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"the string \"{s}\"",
        _ => $"{value} ({TypeNames.Of(value.GetType())})",
    };
}
