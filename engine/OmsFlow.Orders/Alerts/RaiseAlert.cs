using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Persistence.Records;
using OmsFlow.Workflows.Activities;
using AlertWrite = OmsFlow.Orders.Storage.RaiseAlert;

namespace OmsFlow.Orders.Alerts;

/// <summary>
/// Records an alert for ops (<c>GET /api/alerts</c>): a step ran late (jeopardy), stock fell to its reorder point, ...
/// The priority is given, or looked up in a decision table by the late step and the node the order ships from
/// (<c>jeopardy-thresholds</c>), so ops tune urgency per warehouse without editing the flow.
/// </summary>
/// <remarks>
/// The alert's id is the step's execution key: a step that runs again after a crash records the same alert once, while
/// a flow that loops back to the alert step (still late a timeout later) records a new one each time.
/// </remarks>
[Activity("RaiseAlert", Category = "Orders",
    Description = "Record an alert for ops (jeopardy, reorder, hold); priority given or from a decision table by step and node (e.g. jeopardy-thresholds). Output: id, priority, node.")]
public sealed class RaiseAlert : Activity
{
    /// <summary>Priority when neither the input nor a table row gives one.</summary>
    public const int DefaultPriority = 50;

    [Input(Required = true, Description = "What kind of alert.", Options = ["jeopardy", "reorder", "hold"])]
    public string Kind { get; set; } = "jeopardy";

    [Input(Required = true, Description = "What ops should know, e.g. ='\"Order \" + order.id + \" has not shipped in 3 days\"'.", Editor = "expression")]
    public string Message { get; set; } = string.Empty;

    [Input(Description = "The step that is late (the table's step column); default this step's name.")]
    public string? Step { get; set; }

    [Input(Description = "The node concerned (the table's node column); default the node of the order's first open shipment.", Editor = "expression")]
    public string? Node { get; set; }

    [Input(Description = "Priority 0-100; when empty the priority table decides.")]
    public int? Priority { get; set; }

    [Input(Description = "Decision table giving the priority from step and node (output column priority), e.g. jeopardy-thresholds.")]
    public string? PriorityTable { get; set; }

    [Input(Description = "Workflow variable holding the order the alert is about (default order; optional).")]
    public string Variable { get; set; } = "order";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = ReadOrder(context.Variables[Variable]);
        var step = Step ?? context.Step.Name;
        var node = Node ?? OpenShipmentNode(order);
        var priority = Priority;
        if (priority is null && !string.IsNullOrEmpty(PriorityTable))
        {
            try
            {
                var input = new JsonObject
                {
                    ["step"] = step, ["node"] = node ?? string.Empty, ["kind"] = Kind, ["channel"] = order?.Channel,
                    ["fulfilment"] = order?.FulfilmentStatus,
                };
                priority = ReadPriority(await Decisions.TableAsync(context, PriorityTable, input).ConfigureAwait(false));
            }
            catch (DecisionException ex)
            {
                return ActivityResult.Fault(ex.Message, permanent: true);
            }
        }
        var alert = new OrderAlertRecord
        {
            Id = context.ExecutionKey,
            Kind = Kind,
            OrderId = order?.Id ?? context.CorrelationKey,
            InstanceId = context.InstanceId,
            Step = step,
            Priority = Math.Clamp(priority ?? DefaultPriority, 0, 100),
            Message = Message,
            CreatedAt = context.Now.ToUnixTimeMilliseconds(),
        };
        context.Enlist(new AlertWrite(alert));
        return ActivityResult.Done(new JsonObject { ["id"] = alert.Id, ["priority"] = alert.Priority, ["node"] = node, ["step"] = step });
    }

    private static Order? ReadOrder(JsonNode? variable)
    {
        if (variable is not JsonObject)
        {
            return null;
        }
        try
        {
            return OrderJson.Read(variable);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Where the order waits: the node of its first shipment still in the warehouse or on the way.</summary>
    private static string? OpenShipmentNode(Order? order)
        => order?.Shipments.FirstOrDefault(s => s.Status is "requested" or "picked" or "packed" or "shipped")?.NodeId
            ?? order?.Shipments.FirstOrDefault()?.NodeId;

    private static int? ReadPriority(JsonNode? output)
    {
        var value = output is JsonObject row ? row["priority"] : output;
        if (value is not JsonValue scalar)
        {
            return null;
        }
        return scalar.TryGetValue<int>(out var number) ? number
            : scalar.TryGetValue<double>(out var real) ? (int)Math.Round(real, MidpointRounding.AwayFromZero)
            : scalar.TryGetValue<decimal>(out var exact) ? (int)Math.Round(exact, MidpointRounding.AwayFromZero)
            : int.TryParse(scalar.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }
}
