using System.Text.Json.Nodes;
using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Tests.Runtime;
using OmsFlow.Workflows.Versions;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Tests.Releases;

/// <summary>An engine on a real SQLite file with the release store, and a small order flow that waits, then runs a rule set.</summary>
public sealed class ReleaseFixture : IAsyncDisposable
{
    public const string Flow = """
        id: limit-flow
        inputs:
          order: { type: object, required: true }
        outputs:
          version: =steps.check.output.version
          passed: =steps.check.output.isSuccess
        steps:
          wait:
            activity: WaitForSignal
            inputs: { signal: go }
            next: check
          check:
            activity: RunRules
            inputs: { ruleSet: limits, workflow: Limits, inputs: { order: =order } }
        """;

    /// <summary>A decision table choosing a carrier by country (FIRST hit policy).</summary>
    public const string Carriers = """
        name: carriers
        hitPolicy: FIRST
        inputs:
          - name: country
            expression: shipment.country
        outputs:
          - name: carrier
        rules:
          - ['"NL"', 'PostNL']
          - ['"DE"', 'DHL']
          - ['-', 'UPS']
        """;

    /// <summary>Orders under 100 pass.</summary>
    public const string Generous = """[{"WorkflowName":"Limits","Rules":[{"RuleName":"Small","Expression":"order.total < 100"}]}]""";

    /// <summary>Orders under 10 pass.</summary>
    public const string Strict = """[{"WorkflowName":"Limits","Rules":[{"RuleName":"Small","Expression":"order.total < 10"}]}]""";

    private ReleaseFixture(EngineFixture engine)
    {
        Engine = engine;
        Stores = new DefinitionStores(engine.Storage, engine.Catalog, engine.Clock);
        Releases = new ReleaseStore(engine.Storage, engine.Catalog, engine.Versions, Stores, engine.Clock);
    }

    public EngineFixture Engine { get; }

    public DefinitionStores Stores { get; }

    public ReleaseStore Releases { get; }

    public static async Task<ReleaseFixture> CreateAsync() => new(await EngineFixture.CreateAsync());

    public static SourceDocument Rules(string json, string id = "limits") => new(RuleSetKind.KindName, id, json, $"rules/{id}.json");

    public static SourceDocument Workflow(string yaml) => new(DefinitionCatalog.WorkflowKind, null, yaml, "workflows/limit-flow.yaml");

    /// <summary>Releases the documents, failing the test with the problems when nothing was released.</summary>
    public async Task<ReleaseInfo> ReleaseAsync(string note, DateTimeOffset? activateAt, params SourceDocument[] documents)
    {
        var outcome = await Releases.ReleaseAsync(documents, new ReleaseRequest("ops@test", note, activateAt));
        Assert.True(outcome.Release is not null, string.Join(Environment.NewLine, outcome.Problems));
        return outcome.Release;
    }

    /// <summary>Starts the flow for an order of <paramref name="total"/>; it waits for the signal "go" keyed by <paramref name="orderId"/>.</summary>
    public async Task<string> StartOrderAsync(string orderId, int total)
    {
        var outcome = await Engine.StartAsync("limit-flow", new JsonObject { ["order"] = new JsonObject { ["total"] = total } }, orderId);
        Assert.Equal(InstanceStatus.Suspended, outcome.Status);
        return outcome.InstanceId;
    }

    /// <summary>Lets the order's instance go on and returns its outputs: the rule set version used and whether the order passed.</summary>
    public async Task<(int Version, bool Passed)> FinishOrderAsync(string orderId, string instanceId)
    {
        Assert.Single(await Engine.Engine.SignalAsync("go", orderId, null, null));
        var instance = await Engine.InstanceAsync(instanceId);
        Assert.Equal(nameof(InstanceStatus.Completed), instance.Status);
        var outputs = JsonNode.Parse(instance.Outputs!)!;
        return (outputs["version"]!.GetValue<int>(), outputs["passed"]!.GetValue<bool>());
    }

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
