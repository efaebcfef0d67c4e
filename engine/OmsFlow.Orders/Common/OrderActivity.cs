using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Common;

/// <summary>
/// Base of the OMS activities: they work on the order held in a workflow variable (<c>order</c> by default), and every
/// change they make is written back to that variable and, in the same commit, to the order's row.
/// </summary>
public abstract class OrderActivity : Activity
{
    [Input(Description = "Workflow variable that holds the order (default order).")]
    public string Variable { get; set; } = "order";

    public sealed override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Order order;
        try
        {
            order = OrderJson.Read(context.Variables[Variable]);
        }
        catch (JsonException ex)
        {
            return ActivityResult.Fault($"Variable '{Variable}' does not hold an order: {ex.Message}", permanent: true);
        }
        try
        {
            var store = Store(context);
            if (StartsFromStoredOrder && await store.GetAsync(order.Id, context.CancellationToken).ConfigureAwait(false) is { } stored)
            {
                // Another instance of the same order (a return beside the fulfilment) may have written the row since this
                // instance last saw it: work on the row, and write back only if it is still that row (see Save).
                _storedDocument = stored.Document;
                order = OrderJson.Read(JsonNode.Parse(stored.Document));
            }
            return await ExecuteAsync(context, order, store).ConfigureAwait(false);
        }
        catch (OrderTransitionException ex)
        {
            return ActivityResult.Fault(ex.Message, permanent: true);
        }
        catch (DecisionException ex)
        {
            // A missing or broken rule set/table is fixed by publishing one; then the incident is retried.
            return ActivityResult.Fault(ex.Message, permanent: true);
        }
    }

    private string? _storedDocument;

    /// <summary>
    /// Whether the step starts from the order's stored row instead of the workflow variable, and writes only if nobody
    /// wrote the row in between (optimistic concurrency: otherwise the commit is rejected and the step runs again on
    /// the newer row). For the first step after a wait in flows that share an order with another instance (a return's
    /// receipt, the fulfilment's close): later steps of the same run build on its write in the same commit.
    /// </summary>
    protected virtual bool StartsFromStoredOrder => false;

    /// <summary>Does the work on <paramref name="order"/>; call <see cref="Save"/> for the changes to stick.</summary>
    protected abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store);

    /// <summary>Writes the order back to its variable and enlists its row in this step's commit.</summary>
    protected void Save(ActivityContext context, Order order)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(order);
        var (variable, document) = OrderJson.WriteBoth(order);
        context.Variables[Variable] = variable;
        var record = Store(context).ToRecord(order, document);
        context.Enlist(_storedDocument is { } expected ? new SaveStoredOrder(record, expected) : new SaveOrder(record));
    }

    /// <summary>The order store of the running server.</summary>
    public static OrderStore Store(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Services.GetService(typeof(OrderStore)) as OrderStore
            ?? throw new InvalidOperationException("The OMS activities need OrderStore registered (services.AddOmsFlowOrders()).");
    }
}
