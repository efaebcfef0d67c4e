using System.Text.Json.Nodes;
using OmsFlow.Orders.Capture;
using OmsFlow.Orders.Changes;
using OmsFlow.Orders.Returns;
using OmsFlow.Server.Hooks;

namespace OmsFlow.Server.Orders;

/// <summary>
/// Contracts of the hooks the other order flows listen on: <c>POST /hooks/order-changes</c> changes a running order,
/// <c>POST /hooks/b2b-quotes</c> starts a B2B quote (an order body),
/// <c>POST /hooks/returns</c> starts a return,
/// <c>POST /hooks/return-receipts</c> resumes the return of the order named by its <c>orderId</c>.
/// A body that breaks the contract is refused with 400 naming the field.
/// </summary>
internal static class OrderFlowHooks
{
    public static IServiceCollection AddOrderFlowHooks(this IServiceCollection services)
    {
        services.AddSingleton(new HookContract("order-changes", body => OrderChange.Check(body), body => body["orderId"]?.ToString()));
        services.AddSingleton(new HookContract("b2b-quotes", body => [.. OrderPayload.Check(body).Select(p => (p.Field, p.Message))]));
        services.AddSingleton(new HookContract("returns", body => ReturnRequest.Check(body)));
        services.AddSingleton(new HookContract("return-receipts", CheckReceipt, body => body["orderId"]?.ToString()));
        return services;
    }

    private static List<(string Field, string Message)> CheckReceipt(JsonObject body)
    {
        var problems = new List<(string, string)>();
        if (body["orderId"] is not JsonValue orderId || string.IsNullOrWhiteSpace(orderId.ToString()))
        {
            problems.Add(("orderId", "is required: the order whose returned parcel arrived."));
        }
        if (body["nodeId"] is { } node && (node is not JsonValue || string.IsNullOrWhiteSpace(node.ToString())))
        {
            problems.Add(("nodeId", "must be the id of the receiving node when given."));
        }
        if (body["lineIds"] is { } lineIds && (lineIds is not JsonArray list || list.Any(id => string.IsNullOrWhiteSpace(id?.ToString()))))
        {
            problems.Add(("lineIds", "must be a list of order line ids when given."));
        }
        return problems;
    }
}
