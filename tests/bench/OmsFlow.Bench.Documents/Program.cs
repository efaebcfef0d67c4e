using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Documents;
using OmsFlow.Workflows.Expressions;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;

// Rules and documents inside the engine: durable instances per second (SQLite, one commit each) of
//   decide:    RunRules (2 rules, one nested) + Decide (carrier table), and
//   paperwork: RenderDocument (invoice PDF, stored) + SendEmail (order confirmation into the outbox),
// with the repository's reference definitions, one instance at a time.
// Usage: dotnet run -c Release --project tests/bench/OmsFlow.Bench.Documents [-- seconds=3]
var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
var seconds = double.Parse(settings.GetValueOrDefault("seconds", "3"), CultureInfo.InvariantCulture);
var definitions = Locate();
var folder = Path.Combine(Path.GetTempPath(), "omsflow-bench-docs-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);
ProductLicensing.Apply();

var storage = await OmsFlowStorage.OpenAsync(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(folder, "engine.db")}" });
var activities = BuiltInActivities.CreateRegistry();
var expressions = new ExpressionLanguageEvaluator();
var catalog = new DefinitionCatalog(storage, WorkflowDocuments.ReadStored, TimeProvider.System);
var versions = new WorkflowVersions(storage, catalog, activities, expressions, TimeProvider.System);
var engine = new WorkflowEngine(storage, catalog, activities, expressions, TimeProvider.System, new NoServices(), new EngineOptions { RunBackground = false });
var report = await new DefinitionDeployer(storage, versions, new DefinitionStores(storage, catalog, TimeProvider.System)).DeployAsync(definitions, "bench", "bench");
Console.WriteLine($"deployed {report.Published.Count} reference definitions");

await Publish(versions, """
    id: decide
    inputs: { order: object, customer: object }
    steps:
      discount:
        activity: RunRules
        inputs: { ruleSet: order-discounts, workflow: OrderDiscounts, require: any, inputs: { order: =order, customer: =customer } }
        next: { success: carrier, failure: carrier }
      carrier:
        activity: Decide
        inputs: { table: carrier-selection, input: { shipment: { country: =order.country, weightKg: =order.weightKg } } }
    """);
await Publish(versions, """
    id: paperwork
    inputs: { invoice: object, confirmation: object }
    steps:
      invoice: { activity: RenderDocument, inputs: { template: invoice, data: =invoice }, next: email }
      email:
        activity: SendEmail
        inputs: { template: order-confirmation, to: anna@example.com, data: =confirmation, attachments: =steps.invoice.output.documentId }
    """);

var order = new JsonObject
{
    ["order"] = new JsonObject { ["total"] = 640.0, ["country"] = "DE", ["weightKg"] = 4.2, ["lines"] = new JsonArray(1, 2, 3) },
    ["customer"] = new JsonObject { ["segment"] = "Gold" },
};
var paperwork = new JsonObject
{
    ["invoice"] = JsonNode.Parse(File.ReadAllText(Path.Combine(definitions, "templates", "invoice", "sample.json"))),
    ["confirmation"] = JsonNode.Parse(File.ReadAllText(Path.Combine(definitions, "templates", "order-confirmation", "sample.json"))),
};
await Measure("decide (RunRules + Decide)", "decide", order);
await Measure("paperwork (invoice PDF + email)", "paperwork", paperwork);

await engine.DisposeAsync();
await storage.DisposeAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);

async Task Measure(string label, string workflow, JsonObject input)
{
    for (var i = 0; i < 20; i++)
    {
        await Run(workflow, input);
    }
    var clock = Stopwatch.StartNew();
    var count = 0;
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        await Run(workflow, input);
        count++;
    }
    var perSecond = count / clock.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-34} {perSecond,10:N0} instances/s   {1000 / perSecond,8:N2} ms/instance   ({count} runs)"));
}

async Task Run(string workflow, JsonObject input)
{
    var outcome = await engine.StartAsync(workflow, (JsonObject)input.DeepClone());
    if (outcome.Status != InstanceStatus.Completed)
    {
        throw new InvalidOperationException($"{workflow} ended {outcome.Status}: {outcome.Error}");
    }
}

static async Task Publish(WorkflowVersions versions, string yaml)
{
    var (definition, _) = versions.Check(yaml);
    var result = await versions.PublishAsync(definition!.Id, yaml, "bench", null);
    if (result.Version is null)
    {
        throw new InvalidOperationException(string.Join(Environment.NewLine, result.Problems));
    }
}

static string Locate()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "OmsFlow.sln")))
        {
            return Path.Combine(dir.FullName, "definitions");
        }
    }
    throw new DirectoryNotFoundException("Run from inside the repository (definitions/ is located from the current folder).");
}

internal sealed class NoServices : IServiceProvider
{
    public object? GetService(Type serviceType) => null;
}
