using System.Text.Json.Nodes;
using OmsFlow.Orders.Model;

namespace OmsFlow.Orders.Capture;

/// <summary>A field of an order payload that is missing or wrong, and what to send instead.</summary>
public sealed record PayloadProblem(string Field, string Message);

/// <summary>
/// The structural checks an order must pass to be taken in at all (the business checks — allowed country, active SKU,
/// pack multiples — are the <c>order-validation</c> rule set's, where analysts change them).
/// </summary>
public static class OrderPayload
{
    private static readonly string[] Channels = ["web", "app", "marketplace", "b2b", "call-centre", "pos"];

    public static IReadOnlyList<PayloadProblem> Check(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var problems = new List<PayloadProblem>();
        if (string.IsNullOrWhiteSpace(order.Id))
        {
            problems.Add(new("id", "is required: the order id is the key every later call (shipments, changes) uses."));
        }
        else if (order.Id.Length > 100)
        {
            problems.Add(new("id", "must be at most 100 characters."));
        }
        if (order.Currency is not { Length: 3 } || !order.Currency.All(char.IsAsciiLetter))
        {
            problems.Add(new("currency", $"must be an ISO 4217 code such as USD or EUR, not '{order.Currency}'."));
        }
        if (!Channels.Contains(order.Channel, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(new("channel", $"must be one of {string.Join(", ", Channels)}, not '{order.Channel}'."));
        }
        if (order.Lines.Count == 0)
        {
            problems.Add(new("lines", "must hold at least one line."));
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < order.Lines.Count; i++)
        {
            var line = order.Lines[i];
            if (string.IsNullOrWhiteSpace(line.Sku))
            {
                problems.Add(new($"lines[{i}].sku", "is required."));
            }
            if (line.Quantity <= 0)
            {
                problems.Add(new($"lines[{i}].quantity", $"must be a positive whole number, not {line.Quantity}."));
            }
            if (line.UnitPrice is < 0)
            {
                problems.Add(new($"lines[{i}].unitPrice", "must not be negative."));
            }
            if (!string.IsNullOrEmpty(line.Id) && !ids.Add(line.Id))
            {
                problems.Add(new($"lines[{i}].id", $"'{line.Id}' is used by two lines."));
            }
        }
        if (order.ShipTo is null)
        {
            problems.Add(new("shipTo", "is required: the address the order ships to."));
        }
        return problems;
    }

    /// <summary>Checks a raw JSON body (as a hook receives it): type errors name the field, then <see cref="Check(Order)"/>.</summary>
    public static IReadOnlyList<PayloadProblem> Check(JsonNode? body)
    {
        if (body is not JsonObject)
        {
            return [new("$", "The body must be a JSON object: the order.")];
        }
        try
        {
            return Check(OrderJson.Read(body));
        }
        catch (System.Text.Json.JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path.TrimStart('$', '.');
            return [new(field.Length == 0 ? "$" : field, "has the wrong type: " + FirstSentence(ex.Message))];
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
