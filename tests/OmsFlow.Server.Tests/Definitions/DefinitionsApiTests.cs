using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Definitions;

/// <summary>
/// Rule sets, decision tables and template sets over HTTP, on a server whose first start deployed the repository's
/// reference definitions plus an order workflow that uses them; emails land as .eml files in a temp folder.
/// </summary>
public sealed class DefinitionsApiTests : IAsyncLifetime
{
    private const string OrderFlow = """
        id: order-paperwork
        triggers:
          - hook: paperwork
            correlation: =order.id
        inputs:
          order: { type: object, required: true }
          invoice: { type: object, required: true }
          confirmation: { type: object, required: true }
        outputs:
          carrier: =steps.carrier.output.carrier
          invoice: =steps.invoice.output.documentId
        steps:
          carrier:
            activity: Decide
            inputs: { table: carrier-selection, input: { shipment: { country: =order.country, weightKg: =order.weightKg } } }
            next: { matched: invoice, no-match: invoice }
          invoice:
            activity: RenderDocument
            inputs: { template: invoice, data: =invoice }
            next: email
          email:
            activity: SendEmail
            inputs: { template: order-confirmation, to: =order.email, data: =confirmation, attachments: =steps.invoice.output.documentId }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omsflow-server-tests", "defs-" + Guid.NewGuid().ToString("N"));
    private ServerHarness _server = null!;

    private string Mail => Path.Combine(_folder, "outbox");

    public async Task InitializeAsync()
    {
        var definitions = Path.Combine(_folder, "definitions");
        Copy(Repository.Definitions, definitions);
        await File.WriteAllTextAsync(Path.Combine(definitions, "workflows", "order-paperwork.yaml"), OrderFlow);
        _server = await ServerHarness.StartAsync(new Dictionary<string, string>(), $"--Definitions:Path={definitions}", $"--Email:OutboxFolder={Mail}",
            "--Email:From=shop@northwind.example", "--Outbox:PollInterval=00:00:00.050");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    [Fact]
    public async Task FirstStart_DeploysRulesTablesAndTemplates_AsVersionOne()
    {
        var rules = await _server.GetJsonAsync("/api/rules");
        var tables = await _server.GetJsonAsync("/api/tables");
        var templates = await _server.GetJsonAsync("/api/templates");

        Assert.Contains(rules["items"]!.AsArray(), r => r!["id"]!.GetValue<string>() == "order-discounts" && r["publishedVersion"]!.GetValue<int>() == 1);
        Assert.Contains(tables["items"]!.AsArray(), t => t!["id"]!.GetValue<string>() == "carrier-selection" && t["publishedVersion"]!.GetValue<int>() == 1);
        Assert.Contains(templates["items"]!.AsArray(), t => t!["id"]!.GetValue<string>() == "invoice" && t["publishedVersion"]!.GetValue<int>() == 1);
        var invoice = await _server.GetJsonAsync("/api/templates/invoice");
        Assert.Equal("invoice", invoice["published"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task PreviewTemplate_SampleData_RendersEachFormat()
    {
        var html = await _server.PostJsonAsync("/api/templates/order-confirmation/preview", "{}");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.StartsWith("text/html", html.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("SO-100234", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var text = await _server.PostJsonAsync("/api/templates/order-confirmation/preview", """{"format":"text"}""");
        Assert.StartsWith("text/plain", text.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);

        var pdf = await _server.PostJsonAsync("/api/templates/invoice/preview", "{}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(), 0, 4), StringComparison.Ordinal);

        var zpl = await _server.PostJsonAsync("/api/templates/shipping-label/preview", """{"format":"zpl","dpi":300}""");
        Assert.Contains("^XA", await zpl.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var wrong = await _server.PostJsonAsync("/api/templates/invoice/preview", """{"format":"zpl"}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    [Fact]
    public async Task TemplateDraft_WithMisspeltVariable_IsSavedButNotPublished_AndPreviewsAsDraft()
    {
        var current = await _server.GetJsonAsync("/api/templates/order-confirmation");
        var document = current["published"]!.AsObject();
        document["parts"]!["subject"] = "Order {{order.number}} for {{custmer.firstName}}";

        var saved = await _server.Client.PutAsync("/api/templates/order-confirmation/draft",
            new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
        var problems = (await ServerHarness.ReadAsync(saved))["problems"]!.AsArray();
        var typo = Assert.Single(problems, p => p!["code"]!.GetValue<string>() == "unknown-variable")!;
        Assert.Equal(1, typo["line"]!.GetValue<int>());
        Assert.Equal(30, typo["column"]!.GetValue<int>());
        Assert.Contains("custmer", typo["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var publish = await _server.PostJsonAsync("/api/templates/order-confirmation/publish", "{}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, publish.StatusCode);

        var preview = await _server.PostJsonAsync("/api/templates/order-confirmation/preview", """{"draft":true,"format":"text"}""");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var versions = await _server.GetJsonAsync("/api/templates/order-confirmation/versions");
        Assert.Single(versions["items"]!.AsArray());
    }

    [Fact]
    public async Task EvaluateRules_ReportsWhichRuleAndSubConditionFailed()
    {
        var response = await _server.PostJsonAsync("/api/rules/order-discounts/evaluate", """
            {"workflow":"OrderDiscounts","inputs":{"order":{"total":120,"lines":[1,2]},"customer":{"segment":"Gold"}}}
            """);
        var result = await ServerHarness.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, result["version"]!.GetValue<int>());
        var loyal = result["results"]!.AsArray().Single(r => r!["rule"]!.GetValue<string>() == "LoyalCustomer")!;
        Assert.True(loyal["isSuccess"]!.GetValue<bool>());
        Assert.Equal(6.0, result["actions"]!["LoyalCustomer"]!.GetValue<double>(), 6);
        var large = result["results"]!.AsArray().Single(r => r!["rule"]!.GetValue<string>() == "LargeOrder")!;
        Assert.False(large["isSuccess"]!.GetValue<bool>());
        Assert.Equal("failure", large["outcome"]!.GetValue<string>());
        Assert.Equal("Order total 120 is below 500.", large["message"]!.GetValue<string>());
        var children = large["children"]!.AsArray();
        Assert.False(children.Single(c => c!["rule"]!.GetValue<string>() == "TotalAtLeast500")!["isSuccess"]!.GetValue<bool>());
        Assert.True(children.Single(c => c!["rule"]!.GetValue<string>() == "FewerThanFiftyLines")!["isSuccess"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PublishRules_InvalidExpression_IsRejectedWithPosition_ValidOneBecomesVersionTwo()
    {
        const string Broken = """[{"WorkflowName":"OrderDiscounts","Rules":[{"RuleName":"Bad","Expression":"order.total >"}]}]""";
        var rejected = await _server.PostJsonAsync("/api/rules/order-discounts/publish", new JsonObject { ["document"] = Broken }.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        var problem = (await ServerHarness.ReadAsync(rejected))["problems"]!.AsArray()[0]!;
        Assert.Equal("rule-invalid", problem["code"]!.GetValue<string>());
        Assert.NotNull(problem["line"]);

        const string Valid = """[{"WorkflowName":"OrderDiscounts","Rules":[{"RuleName":"Big","Expression":"order.total > 1000"}]}]""";
        var published = await _server.PostJsonAsync("/api/rules/order-discounts/publish", new JsonObject { ["document"] = Valid, ["note"] = "simpler" }.ToJsonString());
        Assert.Equal(2, (await ServerHarness.ReadAsync(published))["version"]!.GetValue<int>());
        var evaluated = await ServerHarness.ReadAsync(await _server.PostJsonAsync("/api/rules/order-discounts/evaluate",
            """{"workflow":"OrderDiscounts","inputs":{"order":{"total":1500}},"version":1}"""));
        Assert.Equal(1, evaluated["version"]!.GetValue<int>());
        Assert.Equal(2, evaluated["results"]!.AsArray().Count);
    }

    [Fact]
    public async Task EvaluateTable_ReturnsMatchedRowAndOutputs()
    {
        var result = await ServerHarness.ReadAsync(await _server.PostJsonAsync("/api/tables/carrier-selection/evaluate",
            """{"input":{"shipment":{"country":"NL","weightKg":3}}}"""));

        Assert.True(result["matched"]!.GetValue<bool>());
        Assert.Equal("FIRST", result["hitPolicy"]!.GetValue<string>().ToUpperInvariant());
        Assert.Equal("PostNL", result["output"]!["carrier"]!.GetValue<string>());
    }

    [Fact]
    public async Task OrderWorkflow_IssuesInvoice_DownloadableAndEmailedOnce()
    {
        var body = new JsonObject
        {
            ["order"] = new JsonObject { ["id"] = "SO-100234", ["country"] = "DE", ["weightKg"] = 2.5, ["email"] = "anna.devries@example.com" },
            ["invoice"] = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Definitions, "templates", "invoice", "sample.json"))),
            ["confirmation"] = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Definitions, "templates", "order-confirmation", "sample.json"))),
        };
        var started = await _server.PostJsonAsync("/hooks/paperwork", body.ToJsonString());
        var id = (await ServerHarness.ReadAsync(started))["instanceId"]!.GetValue<string>();
        var instance = await _server.WaitForStatusAsync(id, "Completed", "Faulted");
        Assert.Equal("Completed", instance["status"]!.GetValue<string>());
        Assert.Equal("DHL", instance["outputs"]!["carrier"]!.GetValue<string>());
        Assert.Equal(1, instance["pins"]!["template:invoice"]!.GetValue<int>());
        Assert.Equal(1, instance["pins"]!["template:order-confirmation"]!.GetValue<int>());
        Assert.Equal(1, instance["pins"]!["table:carrier-selection"]!.GetValue<int>());

        var documentId = instance["outputs"]!["invoice"]!.GetValue<string>();
        var download = await _server.Client.GetAsync($"/api/documents/{documentId}");
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(await download.Content.ReadAsByteArrayAsync(), 0, 4), StringComparison.Ordinal);
        var listed = await _server.GetJsonAsync($"/api/documents?instanceId={id}");
        Assert.Equal(documentId, Assert.Single(listed["items"]!.AsArray())!["id"]!.GetValue<string>());

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((!Directory.Exists(Mail) || !Directory.EnumerateFiles(Mail, "*.eml").Any()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        var email = await File.ReadAllTextAsync(Assert.Single(Directory.EnumerateFiles(Mail, "*.eml")));
        Assert.Contains("To: anna.devries@example.com", email, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/pdf", email, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TableDraft_YamlWithBadEntry_ReportsLine_ThenPublishedFromTheDocumentAsVersionTwo()
    {
        const string Broken = "name: carrier-selection\nhitPolicy: FIRST\ninputs:\n  - name: w\n    expression: shipment.weightKg\noutputs:\n  - name: carrier\nrules:\n  - ['[1..', 'DHL']\n";
        var saved = await _server.Client.PutAsync("/api/tables/carrier-selection/draft", new StringContent(Broken, Encoding.UTF8, "application/yaml"));
        var problem = (await ServerHarness.ReadAsync(saved))["problems"]!.AsArray()[0]!;
        Assert.Equal(9, problem["line"]!.GetValue<int>());
        Assert.True((await _server.GetJsonAsync("/api/tables/carrier-selection"))["hasDraft"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync("/api/tables/carrier-selection/draft")).StatusCode);

        var fixedTable = Broken.Replace("'[1..'", "'>= 1'", StringComparison.Ordinal);
        var published = await _server.PostJsonAsync("/api/tables/carrier-selection/publish", new JsonObject { ["document"] = fixedTable }.ToJsonString());
        Assert.Equal(2, (await ServerHarness.ReadAsync(published))["version"]!.GetValue<int>());

        var stored = await _server.Client.GetAsync("/api/tables/carrier-selection/versions/2");
        Assert.Equal("application/yaml", stored.Content.Headers.ContentType!.MediaType);
        Assert.Contains("'>= 1'", await stored.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var evaluated = await ServerHarness.ReadAsync(await _server.PostJsonAsync("/api/tables/carrier-selection/evaluate",
            """{"input":{"shipment":{"weightKg":3}}}"""));
        Assert.Equal(2, evaluated["version"]!.GetValue<int>());
        Assert.Equal("DHL", evaluated["output"]!["carrier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Roles_IntegratorCannotEditTemplates_AnalystCanPreview_AnonymousIsRejected()
    {
        using var integrator = _server.CreateClient(await _server.CreateKeyAsync("shop", "integrator"));
        using var analyst = _server.CreateClient(await _server.CreateKeyAsync("ann", "analyst"));

        var denied = await integrator.PutAsync("/api/templates/invoice/draft", new StringContent("{}", Encoding.UTF8, "application/json"));
        var preview = await analyst.PostAsync("/api/templates/order-confirmation/preview", new StringContent("{}", Encoding.UTF8, "application/json"));
        using var nobody = _server.CreateClient(null);
        var anonymous = await nobody.GetAsync("/api/rules");

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task DownloadDocument_Unknown_Is404()
    {
        var response = await _server.Client.GetAsync("/api/documents/doc-missing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static void Copy(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
