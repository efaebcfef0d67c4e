using System.Net;
using System.Text;

namespace OmsFlow.Server.Tests.Security;

/// <summary>Every endpoint x every role: allowed roles get past access control, the others get 403, no key gets 401.</summary>
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
        ("GET", "/api/tasks", null, [A, O, I, Adm]),
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
