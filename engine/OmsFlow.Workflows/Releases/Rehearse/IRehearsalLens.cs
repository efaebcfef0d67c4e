using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Releases.Rehearse;

/// <summary>
/// Reads the business outcome of one evaluation of a decision table, for rehearsals: what an order actually gets (the
/// discount given, whether it needs approval, the node chosen) rather than which rows matched. A domain registers one
/// per table whose raw output does not say it directly, e.g. a promotions table whose coupon rows match every order
/// but apply only to orders carrying the code.
/// </summary>
public interface IRehearsalLens
{
    /// <summary>Whether this lens reads the outcomes of decision table <paramref name="tableId"/>.</summary>
    bool Reads(string tableId);

    /// <summary>The outcome of one evaluation: <paramref name="input"/> (the table input, e.g. <c>{order}</c>) and the table's output.</summary>
    /// <returns>Named values; two evaluations differ when any value's text differs. Amounts are summed over all orders.</returns>
    IReadOnlyList<LensValue> Read(JsonObject input, JsonNode? output);
}

/// <summary>One outcome value an <see cref="IRehearsalLens"/> reads.</summary>
/// <param name="Name">What it is, e.g. <c>discount</c>, <c>needs approval</c>.</param>
/// <param name="Text">The value as compared and shown, e.g. <c>12.50</c>, <c>yes</c>.</param>
/// <param name="Amount">A number to sum over all orders (e.g. the discount), or null.</param>
/// <param name="Unit">The amount's unit, e.g. <c>EUR</c>; null when it has none or orders differ.</param>
/// <param name="Counted">Whether totals count orders per <see cref="Text"/> (e.g. needs approval: yes / no).</param>
public sealed record LensValue(string Name, string Text, decimal? Amount = null, string? Unit = null, bool Counted = false);
