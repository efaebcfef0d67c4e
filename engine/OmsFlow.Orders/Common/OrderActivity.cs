using System.Text.Json;
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
            return await ExecuteAsync(context, order, Store(context)).ConfigureAwait(false);
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

    /// <summary>Does the work on <paramref name="order"/>; call <see cref="Save"/> for the changes to stick.</summary>
    protected abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store);

    /// <summary>Writes the order back to its variable and enlists its row in this step's commit.</summary>
    protected void Save(ActivityContext context, Order order)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(order);
        var (variable, document) = OrderJson.WriteBoth(order);
        context.Variables[Variable] = variable;
        context.Enlist(new SaveOrder(Store(context).ToRecord(order, document)));
    }

    /// <summary>The order store of the running server.</summary>
    public static OrderStore Store(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Services.GetService(typeof(OrderStore)) as OrderStore
            ?? throw new InvalidOperationException("The OMS activities need OrderStore registered (services.AddOmsFlowOrders()).");
    }
}
