using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Sourcing;

/// <summary>
/// Allocation by demand class: the <c>allocation-protection</c> table lists, for the ordering customer's demand class,
/// how much of a node's stock of a product category is kept for higher classes (units, or a percentage of what the node
/// has available). The planner applies it as a hard constraint: a class C order cannot take the last units kept for class A.
/// </summary>
/// <remarks>
/// The table sees only <c>{order}</c>, like every order table, so a candidate version can be rehearsed on recorded orders.
/// It returns its matching rows (RULE ORDER or COLLECT, or one row with FIRST); for each line the first row whose
/// <c>category</c> is the product's category or <c>*</c> applies.
/// </remarks>
public sealed class AllocationProtection
{
    private readonly List<(string Category, int Units, decimal Percent)> _rows;

    private AllocationProtection(List<(string Category, int Units, decimal Percent)> rows) => _rows = rows;

    /// <summary>Nothing held back.</summary>
    public static AllocationProtection None { get; } = new([]);

    /// <summary>Evaluates <paramref name="table"/> for the order; <see cref="None"/> when the input names no table or no row matches.</summary>
    public static async Task<AllocationProtection> ForOrderAsync(ActivityContext context, string? table, JsonObject order)
    {
        if (string.IsNullOrWhiteSpace(table))
        {
            return None;
        }
        var output = await Decisions.TableAsync(context, table, new JsonObject { ["order"] = order }).ConfigureAwait(false);
        var rows = output switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject single => [single],
            _ => [],
        };
        return new([.. rows.Select(r => (
            Category: r["category"]?.ToString() is { Length: > 0 } category ? category : "*",
            Units: Math.Max(0, (int)(Number(r["protectUnits"]) ?? 0m)),
            Percent: Math.Clamp(Number(r["protectPercent"]) ?? 0m, 0m, 100m)))]);
    }

    /// <summary>Units and percent held back from a line of a product in <paramref name="category"/>.</summary>
    public (int Units, decimal Percent) For(string? category)
    {
        foreach (var row in _rows)
        {
            if (row.Category == "*" || string.Equals(row.Category, category, StringComparison.OrdinalIgnoreCase))
            {
                return (row.Units, row.Percent);
            }
        }
        return (0, 0m);
    }

    private static decimal? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<decimal>(out var d) ? d
        : node is JsonValue text && decimal.TryParse(text.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}
