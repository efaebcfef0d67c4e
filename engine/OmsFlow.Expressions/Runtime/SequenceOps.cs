namespace OmsFlow.Expressions.Runtime;

/// <summary>
/// The Enumerable methods an expression may call (Any, All, Where, Select, Count, Sum, Min, Max, Average,
/// First/FirstOrDefault, Last/LastOrDefault, OrderBy/OrderByDescending, Take, Skip, Distinct, Contains).
/// Aggregates work on run-time values so JSON numbers and CLR numbers mix as they do in operators.
/// </summary>
public static class SequenceOps
{
    public static bool Any<T>(IEnumerable<T> source) => source.Any();

    public static bool Any<T>(IEnumerable<T> source, Func<T, bool> predicate) => source.Any(predicate);

    public static bool All<T>(IEnumerable<T> source, Func<T, bool> predicate) => source.All(predicate);

    public static IEnumerable<T> Where<T>(IEnumerable<T> source, Func<T, bool> predicate) => source.Where(predicate);

    public static IEnumerable<TResult> Select<T, TResult>(IEnumerable<T> source, Func<T, TResult> selector) => source.Select(selector);

    public static int Count<T>(IEnumerable<T> source) => source.Count();

    public static int Count<T>(IEnumerable<T> source, Func<T, bool> predicate) => source.Count(predicate);

    public static object? Sum<T>(IEnumerable<T> source, SiteInfo site) => Sum(source, static item => item, site);

    public static object? Sum<T, TValue>(IEnumerable<T> source, Func<T, TValue> selector, SiteInfo site)
    {
        ArgumentNullException.ThrowIfNull(selector);
        object? total = 0;
        foreach (var item in source)
        {
            var value = selector(item);
            if (value is not null)
            {
                total = DynamicOps.Add(total, value, site);
            }
        }

        return total;
    }

    public static object? Average<T>(IEnumerable<T> source, SiteInfo site) => Average(source, static item => item, site);

    public static object? Average<T, TValue>(IEnumerable<T> source, Func<T, TValue> selector, SiteInfo site)
    {
        ArgumentNullException.ThrowIfNull(selector);
        object? total = 0;
        var count = 0;
        foreach (var item in source)
        {
            var value = selector(item);
            if (value is not null)
            {
                total = DynamicOps.Add(total, value, site);
                count++;
            }
        }

        if (count == 0)
        {
            throw site.Error("Average of an empty list has no value");
        }

        return total is decimal m ? m / count : DynamicOps.ToDouble(total) / count;
    }

    public static object? Min<T>(IEnumerable<T> source, SiteInfo site) => Extreme(source, static item => item, -1, site);

    public static object? Min<T, TValue>(IEnumerable<T> source, Func<T, TValue> selector, SiteInfo site) => Extreme(source, selector, -1, site);

    public static object? Max<T>(IEnumerable<T> source, SiteInfo site) => Extreme(source, static item => item, 1, site);

    public static object? Max<T, TValue>(IEnumerable<T> source, Func<T, TValue> selector, SiteInfo site) => Extreme(source, selector, 1, site);

    private static object? Extreme<T, TValue>(IEnumerable<T> source, Func<T, TValue> selector, int sign, SiteInfo site)
    {
        object? best = null;
        var any = false;
        foreach (var item in source)
        {
            object? value = selector(item);
            if (value is null)
            {
                continue;
            }

            if (!any || DynamicOps.CompareForSort(value, best, site) * sign > 0)
            {
                best = value;
                any = true;
            }
        }

        return any ? best : throw site.Error(sign < 0 ? "Min of an empty list has no value" : "Max of an empty list has no value");
    }

    public static T First<T>(IEnumerable<T> source, SiteInfo site) =>
        source.Any() ? source.First() : throw site.Error("First found no item; use FirstOrDefault when the list may be empty");

    public static T First<T>(IEnumerable<T> source, Func<T, bool> predicate, SiteInfo site)
    {
        foreach (var item in source)
        {
            if (predicate(item))
            {
                return item;
            }
        }

        throw site.Error("First found no matching item; use FirstOrDefault when none may match");
    }

    public static T? FirstOrDefault<T>(IEnumerable<T> source) => source.FirstOrDefault();

    public static T? FirstOrDefault<T>(IEnumerable<T> source, Func<T, bool> predicate) => source.FirstOrDefault(predicate);

    public static T Last<T>(IEnumerable<T> source, SiteInfo site) =>
        source.Any() ? source.Last() : throw site.Error("Last found no item; use LastOrDefault when the list may be empty");

    public static T Last<T>(IEnumerable<T> source, Func<T, bool> predicate, SiteInfo site) =>
        source.Any(predicate) ? source.Last(predicate) : throw site.Error("Last found no matching item; use LastOrDefault when none may match");

    public static T? LastOrDefault<T>(IEnumerable<T> source) => source.LastOrDefault();

    public static T? LastOrDefault<T>(IEnumerable<T> source, Func<T, bool> predicate) => source.LastOrDefault(predicate);

    public static IEnumerable<T> OrderBy<T, TKey>(IEnumerable<T> source, Func<T, TKey> key, SiteInfo site) =>
        source.OrderBy(item => (object?)key(item), Comparer<object?>.Create((a, b) => DynamicOps.CompareForSort(a, b, site)));

    public static IEnumerable<T> OrderByDescending<T, TKey>(IEnumerable<T> source, Func<T, TKey> key, SiteInfo site) =>
        source.OrderByDescending(item => (object?)key(item), Comparer<object?>.Create((a, b) => DynamicOps.CompareForSort(a, b, site)));

    public static IEnumerable<T> Take<T>(IEnumerable<T> source, int count) => source.Take(count);

    public static IEnumerable<T> Skip<T>(IEnumerable<T> source, int count) => source.Skip(count);

    public static IEnumerable<T> Distinct<T>(IEnumerable<T> source) => source.Distinct();

    public static bool Contains<T>(IEnumerable<T> source, object? value) => source.Any(item => DynamicOps.AreEqual(item, value));

    public static List<T> ToList<T>(IEnumerable<T> source) => source.ToList();
}
