using System.Globalization;
using System.Text.Json.Nodes;

namespace OmsFlow.Orders.Pricing;

/// <summary>
/// One promotion, as a row of the <c>promotions</c> decision table produces it (the row's input columns decide whether
/// it applies to the order: channel, segment, dates, ...; its outputs say what it gives).
/// </summary>
public sealed record Promotion
{
    public string Id { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    /// <summary>percentage, fixed, fixed-price, tiered, buy-x-get-y, gift, cap.</summary>
    public string Type { get; init; } = "percentage";

    /// <summary>Percent for percentage/cap, amount for fixed, the bundle price for fixed-price.</summary>
    public decimal Value { get; init; }

    /// <summary>SKUs it applies to (empty: every line).</summary>
    public IReadOnlyList<string> Skus { get; init; } = [];

    /// <summary>Units of eligible lines needed before it applies.</summary>
    public int MinQuantity { get; init; }

    /// <summary>buy-x-get-y: units bought per group; fixed-price: units in the bundle.</summary>
    public int BuyQuantity { get; init; }

    /// <summary>buy-x-get-y: units free per group.</summary>
    public int GetQuantity { get; init; }

    /// <summary>tiered: quantity thresholds and percent off, e.g. "10:5;50:10" (10+ units 5%, 50+ units 10%).</summary>
    public IReadOnlyList<(int Quantity, decimal Percent)> Tiers { get; init; } = [];

    /// <summary>The coupon code that unlocks it, if any.</summary>
    public string? Coupon { get; init; }

    /// <summary>Uses of the coupon in all (0: unlimited).</summary>
    public int CouponLimit { get; init; }

    /// <summary>Uses of the coupon per customer (0: unlimited).</summary>
    public int PerCustomerLimit { get; init; }

    /// <summary>Stacking order: lower applies first, to the price left by the ones before.</summary>
    public int Priority { get; init; } = 100;

    /// <summary>Stop after this one: nothing of lower priority stacks on it.</summary>
    public bool Exclusive { get; init; }

    /// <summary>Most this promotion may give on one order (0: no cap).</summary>
    public decimal Cap { get; init; }

    public string? GiftSku { get; init; }

    /// <summary>Reads the promotions a decision table matched (one object, or the list a COLLECT table returns).</summary>
    /// <exception cref="FormatException">A row's output has the wrong shape.</exception>
    public static IReadOnlyList<Promotion> FromTableOutput(JsonNode? output) => output switch
    {
        null => [],
        JsonArray rows => [.. rows.OfType<JsonObject>().Select(FromRow)],
        JsonObject row => [FromRow(row)],
        _ => throw new FormatException("The promotions table must output objects (one per matching row)."),
    };

    private static Promotion FromRow(JsonObject row)
    {
        string? Text(string name) => row[name] is JsonValue v && v.ToString() is { Length: > 0 } s && s != "-" ? s : null;
        decimal Number(string name) => Text(name) is { } s ? decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture) : 0m;
        int Int(string name) => (int)Number(name);
        bool Flag(string name) => Text(name) is { } s && (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s == "1" || s.Equals("yes", StringComparison.OrdinalIgnoreCase));
        var id = Text("id") ?? throw new FormatException("Every promotion row needs an id output.");
        return new Promotion
        {
            Id = id,
            Description = Text("description") ?? id,
            Type = (Text("type") ?? "percentage").ToLowerInvariant(),
            Value = Number("value"),
            Skus = Text("skus") is { } skus ? skus.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
            MinQuantity = Int("minQuantity"),
            BuyQuantity = Int("buyQuantity"),
            GetQuantity = Int("getQuantity"),
            Tiers = Text("tiers") is { } tiers ? ParseTiers(id, tiers) : [],
            Coupon = Text("coupon"),
            CouponLimit = Int("couponLimit"),
            PerCustomerLimit = Int("perCustomerLimit"),
            Priority = Text("priority") is null ? 100 : Int("priority"),
            Exclusive = Flag("exclusive"),
            Cap = Number("cap"),
            GiftSku = Text("giftSku"),
        };
    }

    private static List<(int, decimal)> ParseTiers(string id, string text)
    {
        var tiers = new List<(int, decimal)>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':');
            if (pieces.Length != 2 || !int.TryParse(pieces[0], CultureInfo.InvariantCulture, out var quantity)
                || !decimal.TryParse(pieces[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var percent))
            {
                throw new FormatException($"Promotion {id}: tier '{part}' must look like quantity:percent, e.g. 10:5.");
            }
            tiers.Add((quantity, percent));
        }
        return [.. tiers.OrderBy(t => t.Item1)];
    }
}
