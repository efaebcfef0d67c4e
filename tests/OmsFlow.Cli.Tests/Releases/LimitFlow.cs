using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace OmsFlow.Cli.Tests.Releases;

/// <summary>A one-step workflow that checks an order against the <c>limits</c> rule set, and orders placed through its hook.</summary>
internal static class LimitFlow
{
    public const string Workflow = """
        id: limit-flow
        triggers:
          - hook: limits
            input: order
            correlation: =order.id
        inputs:
          order: { type: object, required: true }
        outputs:
          passed: =steps.check.output.isSuccess
        steps:
          check:
            activity: RunRules
            inputs: { ruleSet: limits, workflow: Limits, inputs: { order: =order } }
        """;

    public const string Generous = """[{"WorkflowName":"Limits","Rules":[{"RuleName":"Small","Expression":"order.total < 100"}]}]""";

    public const string Strict = """[{"WorkflowName":"Limits","Rules":[{"RuleName":"Small","Expression":"order.total < 10"}]}]""";

    /// <summary>Writes the workflow and <paramref name="rules"/> under <c>definitions/</c> of the server's scratch folder.</summary>
    public static string Definitions(CliServer server, string rules)
    {
        server.Write("definitions", "workflows/limit-flow.yaml", Workflow);
        return server.Write("definitions", "rules/limits.json", rules);
    }

    /// <summary>Places an order through the hook and waits for it: whether it passed the limits, and its instance id.</summary>
    public static async Task<(bool Passed, string InstanceId)> PlaceOrderAsync(CliServer server, string id, int total)
    {
        using var client = Client(server);
        var response = await client.PostAsync("/hooks/limits?wait=true", new StringContent($$"""{"id":"{{id}}","total":{{total}}}""", Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (body["outputs"]!["passed"]!.GetValue<bool>(), body["instanceId"]!.GetValue<string>());
    }

    /// <summary>An HTTP client for the server's API with the admin key.</summary>
    public static HttpClient Client(CliServer server)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CliServer.AdminKey);
        return client;
    }
}
