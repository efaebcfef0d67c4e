using System.Text.Json.Nodes;
using OmsFlow.Rules.Tables;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Workflows.Activities.Rules;

/// <summary>
/// Looks up a published decision table (the version the instance pinned on first use) and continues on
/// <c>matched</c> with the table's outputs, or <c>no-match</c>.
/// </summary>
[Activity("Decide", Category = "Rules", Outcomes = ["matched", "no-match"],
    Description = "Evaluate a decision table with an input object; output the table's outputs; continue on 'matched' or 'no-match'.")]
public sealed class Decide : Activity
{
    [Input(Required = true, Description = "Id of the published decision table, e.g. carrier-selection.")]
    public string Table { get; set; } = string.Empty;

    [Input(Required = true, Description = "The values the table's input columns read, e.g. {order: =input.order, customer: =vars.customer}.", Editor = "json")]
    public JsonObject Input { get; set; } = [];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        LoadedDefinition<DecisionTable> table;
        try
        {
            table = await context.Definitions.ResolveTableAsync(context, Table).ConfigureAwait(false);
        }
        catch (DefinitionNotFoundException ex)
        {
            return ActivityResult.Fault(ex.Message, permanent: true);
        }
        DecisionResult result;
        try
        {
            result = table.Value.Evaluate((JsonObject)Input.DeepClone());
        }
        catch (DecisionTableException ex)
        {
            return ActivityResult.Fault($"Decision table '{Table}' v{table.Version}: {ex.Message}", permanent: true);
        }
        return result.Matched
            ? ActivityResult.Done("matched", result.Output?.DeepClone())
            : ActivityResult.Done("no-match", null);
    }
}
