using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OmsFlow.Server.Tests.Security;

/// <summary>
/// Every endpoint x every role: allowed roles get past access control, the others get 403, no key gets 401; and every
/// operation <c>/openapi/v1.json</c> documents is in the matrix, with the roles its <c>x-omsflow-roles</c> lists.
/// </summary>
public sealed class EndpointAccessTests(RoleKeysFixture fixture) : IClassFixture<RoleKeysFixture>
{
    private const string A = "analyst";
    private const string O = "ops";
    private const string I = "integrator";
    private const string Adm = "admin";

    private const string Workflow = """
        id: access-probe
        steps:
          only: { activity: SetVariable, inputs: { name: x, value: 1 } }
        variables:
          x: int
        """;

    /// <summary>Method, path, body (null for none) and the roles that may call it.</summary>
    private static readonly (string Method, string Path, string? Body, string[] Allowed)[] Endpoints =
    [
        ("GET", "/api/activities", null, [A, O, Adm]),
        ("GET", "/api/workflows", null, [A, O, Adm]),
        ("GET", "/api/workflows/none", null, [A, O, Adm]),
        ("GET", "/api/workflows/none/versions", null, [A, O, Adm]),
        ("GET", "/api/workflows/none/versions/1", null, [A, O, Adm]),
        ("GET", "/api/workflows/none/export", null, [A, O, Adm]),
        ("POST", "/api/workflows/validate", Workflow, [A, Adm]),
        ("POST", "/api/workflows/import", Workflow, [A, Adm]),
        ("PUT", "/api/workflows/access-probe/draft", Workflow, [A, Adm]),
        ("DELETE", "/api/workflows/none/draft", null, [A, Adm]),
        ("POST", "/api/workflows/none/test-run", "{}", [A, Adm]),
        ("POST", "/api/workflows/none/publish", "{}", [O, Adm]),
        ("GET", "/api/instances", null, [A, O, I, Adm]),
        ("GET", "/api/instances/none", null, [A, O, I, Adm]),
        ("GET", "/api/instances/none/journal", null, [A, O, I, Adm]),
        ("POST", "/api/instances/none/signals/go", "{}", [O, Adm]),
        ("POST", "/api/instances/none/retry", "{}", [O, Adm]),
        ("POST", "/api/instances/none/cancel", "{}", [O, Adm]),
        ("GET", "/api/tasks", null, [A, O, Adm]),
        ("POST", "/api/tasks/none/complete", """{"outcome":"approve"}""", [O, Adm]),
        ("GET", "/api/outbox", null, [O, Adm]),
        ("GET", "/api/outbox/none", null, [O, Adm]),
        ("POST", "/api/outbox/none/replay", null, [O, Adm]),
        ("GET", "/metrics", null, [O, Adm]),
        ("POST", "/hooks/none", "{}", [I, Adm]),
        ("POST", "/api/events/none", "{}", [I, Adm]),
        ("POST", "/api/instances/none/resume", "{}", [O, Adm]),
        ("GET", "/api/me", null, [A, O, I, Adm]),
        ("GET", "/api/keys", null, [Adm]),
        ("POST", "/api/keys", """{"name":"x"}""", [Adm]),
        ("DELETE", "/api/keys/none", null, [Adm]),
        ("GET", "/api/audit", null, [Adm]),
        ("GET", "/api/hooks/security", null, [Adm]),
        ("PUT", "/api/hooks/security/none", """{"public":"wrong"}""", [Adm]),
        ("POST", "/api/hooks/secrets", "{}", [Adm]),
        ("DELETE", "/api/hooks/secrets/none", null, [Adm]),
        ("GET", "/api/webhooks/subscriptions", null, [Adm]),
        ("POST", "/api/webhooks/subscriptions", "{}", [Adm]),
        ("GET", "/api/webhooks/subscriptions/none", null, [Adm]),
        ("PATCH", "/api/webhooks/subscriptions/none", "{}", [Adm]),
        ("DELETE", "/api/webhooks/subscriptions/none", null, [Adm]),
        ("POST", "/api/webhooks/subscriptions/none/rotate-secret", null, [Adm]),
        ("GET", "/api/webhooks/subscriptions/none/deliveries", null, [Adm]),
        ("POST", "/api/webhooks/events", "{}", [Adm]),
        ("GET", "/openapi/v1.json", null, [A, O, I, Adm]),
        .. DefinitionKind("rules"),
        .. DefinitionKind("tables"),
        .. DefinitionKind("templates"),
        ("POST", "/api/rules/none/evaluate", "{}", [A, O, Adm]),
        ("POST", "/api/tables/none/evaluate", "{}", [A, O, Adm]),
        ("POST", "/api/templates/none/preview", "{}", [A, O, Adm]),
        ("POST", "/api/releases", "{}", [O, Adm]),
        ("GET", "/api/releases", null, [A, O, Adm]),
        ("GET", "/api/releases/active", null, [A, O, Adm]),
        ("GET", "/api/releases/1", null, [A, O, Adm]),
        ("POST", "/api/releases/1/rollback", "{}", [O, Adm]),
        ("GET", "/api/releases/1/export", null, [A, O, Adm]),
        ("POST", "/api/releases/import", "{}", [O, Adm]),
        ("GET", "/api/releases/diff", null, [A, O, Adm]),
        ("POST", "/api/releases/diff", "{}", [A, O, Adm]),
        ("POST", "/api/releases/validate", "{}", [A, O, Adm]),
        ("POST", "/api/releases/rehearse", "{}", [A, O, Adm]),
        ("POST", "/api/instances/migrate", "{}", [O, Adm]),
        ("POST", "/api/retention/sweep", null, [O, Adm]),
        ("GET", "/api/orders", null, [A, O, I, Adm]),
        ("GET", "/api/orders/none", null, [A, O, I, Adm]),
        ("GET", "/api/documents?instanceId=none", null, [A, O, I, Adm]),
        ("GET", "/api/documents/none", null, [A, O, I, Adm]),
        ("GET", "/api/alerts", null, [A, O, Adm]),
        ("POST", "/api/alerts/none/acknowledge", null, [O, Adm]),
        ("GET", "/api/purchase-requests", null, [A, O, Adm]),
        ("GET", "/api/nodes", null, [A, O, Adm]),
        ("GET", "/api/products", null, [A, O, Adm]),
        ("GET", "/api/customers/none", null, [A, O, Adm]),
        ("GET", "/api/orders/samples", null, [A, O, Adm]),
        ("GET", "/api/inventory", null, [A, O, Adm]),
        ("POST", "/api/inventory/none/none/receive", """{"quantity":1}""", [O, Adm]),
    ];

    /// <summary>The routes every definition kind (rule sets, decision tables, template sets) shares.</summary>
    private static (string Method, string Path, string? Body, string[] Allowed)[] DefinitionKind(string kind) =>
    [
        ("GET", $"/api/{kind}", null, [A, O, Adm]),
        ("GET", $"/api/{kind}/none", null, [A, O, Adm]),
        ("GET", $"/api/{kind}/none/versions", null, [A, O, Adm]),
        ("GET", $"/api/{kind}/none/versions/1", null, [A, O, Adm]),
        ("POST", $"/api/{kind}/none/validate", "{}", [A, Adm]),
        ("PUT", $"/api/{kind}/access-probe/draft", "{}", [A, Adm]),
        ("DELETE", $"/api/{kind}/none/draft", null, [A, Adm]),
        ("POST", $"/api/{kind}/none/publish", "{}", [O, Adm]),
    ];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, path, _, _) in Endpoints)
        {
            foreach (var role in new[] { A, O, I, Adm, "anonymous" })
            {
                data.Add(method, path, role);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_ForRole_IsAllowedOrDeniedPerPolicy(string method, string path, string role)
    {
        var endpoint = Endpoints.Single(e => e.Method == method && e.Path == path);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (endpoint.Body is not null)
        {
            request.Content = new StringContent(endpoint.Body, Encoding.UTF8, endpoint.Body.StartsWith('{') ? "application/json" : "application/yaml");
        }
        var response = await fixture.Clients[role].SendAsync(request);
        var status = response.StatusCode;
        if (role == "anonymous")
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        else if (endpoint.Allowed.Contains(role))
        {
            Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{role} should pass {method} {path} but got {(int)status}");
            Assert.True((int)status < 500, $"{method} {path} as {role} -> {(int)status}: {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, status);
            var problem = await response.Content.ReadAsStringAsync();
            Assert.Contains(path.StartsWith("/hooks", StringComparison.Ordinal) ? "may not call hooks" : "do not allow", problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/api/alerts")]
    [InlineData("/api/inventory")]
    [InlineData("/api/tasks")]
    public async Task OperationsRead_ForIntegrator_IsForbidden_AndSaysWhereItsOwnOrdersAre(string path)
    {
        var response = await fixture.Clients[I].GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
        Assert.Contains("It needs one of: analyst, ops, admin.", detail, StringComparison.Ordinal);
        Assert.Contains("GET /api/orders", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryDocumentedOperation_IsInTheMatrix_WithTheRolesTheDocumentLists()
    {
        var document = JsonNode.Parse(await fixture.Clients[Adm].GetStringAsync("/openapi/v1.json"))!.AsObject();
        var templates = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        var matrix = Endpoints
            .Select(e => (e.Method, Template: MostSpecificTemplate(templates, e.Path), e.Allowed))
            .Where(e => e.Template is not null)
            .ToLookup(e => $"{e.Method} {e.Template}", e => e.Allowed, StringComparer.Ordinal);
        var checkedOperations = 0;
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => o.Value is JsonObject op && op["security"] is not null))
            {
                var name = $"{method.ToUpperInvariant()} {template}";
                Assert.True(matrix.Contains(name), $"{name} is documented but not in the endpoint x role matrix; add a row with the roles that may call it.");
                var documented = operation!["x-omsflow-roles"]?.AsArray().Select(r => r!.GetValue<string>()).ToArray() ?? [A, O, I, Adm];
                foreach (var allowed in matrix[name])
                {
                    Assert.True(documented.Order(StringComparer.Ordinal).SequenceEqual(allowed.Order(StringComparer.Ordinal), StringComparer.Ordinal),
                        $"{name}: the document lists [{string.Join(", ", documented)}], the matrix [{string.Join(", ", allowed)}].");
                }
                checkedOperations++;
            }
        }
        Assert.True(checkedOperations > 80, $"only {checkedOperations} operations were compared");
    }

    /// <summary>The documented path template <paramref name="path"/> is served by: of those it matches, the one with the fewest parameters (a literal segment wins, as in routing).</summary>
    private static string? MostSpecificTemplate(IEnumerable<string> templates, string path)
    {
        var bare = path.Split('?')[0];
        return templates
            .Where(t => Regex.IsMatch(bare, "^" + string.Join('/', t.Split('/').Select(segment => segment.StartsWith('{') ? "[^/]+" : Regex.Escape(segment))) + "$"))
            .OrderBy(t => t.Count(c => c == '{'))
            .FirstOrDefault();
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/")]
    public async Task HealthAndDesignerShell_AnswerWithoutKey(string path)
    {
        var response = await fixture.Clients["anonymous"].GetAsync(path);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path} -> {(int)response.StatusCode}");
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
