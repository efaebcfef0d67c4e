using System.Text.Json.Nodes;
using OmsFlow.Designer.Tests.Infrastructure;

namespace OmsFlow.Designer.Tests.Browser;

/// <summary>Workflows the tests start from, stored through the public API like an import would.</summary>
public static class SeedWorkflows
{
    /// <summary>check (total > 1000) -> approve (HumanTask) -> ship | reject -> end. Without a role the approve step is invalid.</summary>
    public static JsonObject Approval(string id, bool withRole, decimal total = 0) => new()
    {
        ["id"] = id,
        ["name"] = "Order approval " + id,
        ["inputs"] = new JsonObject { ["orderId"] = new JsonObject { ["type"] = "string", ["required"] = false } },
        ["variables"] = new JsonObject { ["total"] = new JsonObject { ["type"] = "decimal", ["default"] = total } },
        ["start"] = "check",
        ["steps"] = new JsonObject
        {
            ["check"] = new JsonObject
            {
                ["activity"] = "If",
                ["inputs"] = new JsonObject { ["condition"] = "=total > 1000" },
                ["next"] = new JsonObject { ["true"] = "approve", ["false"] = "ship" },
            },
            ["approve"] = new JsonObject
            {
                ["activity"] = "HumanTask",
                ["inputs"] = withRole ? new JsonObject { ["role"] = "ops", ["title"] = "Approve the order" } : new JsonObject { ["title"] = "Approve the order" },
                ["next"] = new JsonObject { ["approve"] = "ship", ["reject"] = "reject" },
            },
            ["ship"] = new JsonObject { ["activity"] = "SetVariable", ["inputs"] = new JsonObject { ["name"] = "status", ["value"] = "shipped" }, ["next"] = "end" },
            ["reject"] = new JsonObject { ["activity"] = "SetVariable", ["inputs"] = new JsonObject { ["name"] = "status", ["value"] = "rejected" }, ["next"] = "end" },
            ["end"] = new JsonObject { ["activity"] = "End" },
        },
    };

    /// <summary>A chain of <paramref name="count"/> SetVariable steps.</summary>
    public static JsonObject Chain(string id, int count)
    {
        var steps = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            var step = new JsonObject { ["activity"] = "SetVariable", ["inputs"] = new JsonObject { ["name"] = "n", ["value"] = i } };
            if (i + 1 < count)
            {
                step["next"] = $"step{i + 1}";
            }
            steps[$"step{i}"] = step;
        }
        return new JsonObject { ["id"] = id, ["name"] = $"{count} steps", ["variables"] = new JsonObject { ["n"] = new JsonObject { ["type"] = "int", ["default"] = 0 } }, ["start"] = "step0", ["steps"] = steps };
    }

    public static async Task SaveDraftAsync(DesignerServer server, JsonObject workflow)
        => await server.SendAsync(HttpMethod.Put, $"/api/workflows/{workflow["id"]}/draft", workflow.ToJsonString());

    public static async Task PublishAsync(DesignerServer server, string id, string note)
        => await server.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish", new JsonObject { ["note"] = note }.ToJsonString());

    public static async Task<JsonObject> DraftAsync(DesignerServer server, string id)
        => (await server.GetJsonAsync($"/api/workflows/{id}"))["draft"]!.AsObject();
}
