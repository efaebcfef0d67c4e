using System.Text.Json.Nodes;

namespace OmsFlow.Server.Tests.Security;

/// <summary><c>/openapi/v1.json</c> names, for every hook and API route, the key it needs, its roles and its ProblemDetails answers.</summary>
public sealed class OpenApiAccessTests(RoleKeysFixture fixture) : IClassFixture<RoleKeysFixture>
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    private async Task<JsonObject> DocumentAsync() => JsonNode.Parse(await fixture.Clients["analyst"].GetStringAsync("/openapi/v1.json"))!.AsObject();

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document)
        => document["paths"]!.AsObject()
            .SelectMany(p => Methods.Where(m => p.Value![m] is JsonObject).Select(m => (p.Key, m, p.Value![m]!.AsObject())));

    [Fact]
    public async Task EveryHookAndApiOperation_NeedsTheKey_AndAnswersProblemDetails()
    {
        var document = await DocumentAsync();

        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["ApiKey"]!["scheme"]!.GetValue<string>());
        Assert.NotNull(document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!["detail"]);
        var operations = Operations(document).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal) || o.Path.StartsWith("/hooks/", StringComparison.Ordinal)).ToList();
        Assert.True(operations.Count > 60, $"only {operations.Count} operations documented");
        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            Assert.True(operation["security"]?.AsArray().Any(s => s!["ApiKey"] is not null) == true, $"{name} does not name the API key");
            foreach (var status in new[] { "401", "429", "default" })
            {
                var response = operation["responses"]?[status];
                Assert.True(response?["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>() == "#/components/schemas/ProblemDetails",
                    $"{name} does not document {status} as ProblemDetails: {operation["responses"]?.ToJsonString()}");
            }
            var description = operation["description"]?.GetValue<string>() ?? string.Empty;
            Assert.True(description.StartsWith("Roles: ", StringComparison.Ordinal), $"{name} does not say which roles may call it: '{description}'");
            if (operation["x-omsflow-roles"] is JsonArray)
            {
                Assert.NotNull(operation["responses"]!["403"]);
            }
        }
    }

    [Theory]
    [InlineData("post", "/hooks/{path}", "integrator,admin")]
    [InlineData("get", "/api/instances", "analyst,ops,integrator,admin")]
    [InlineData("get", "/api/instances/{id}/journal", "analyst,ops,integrator,admin")]
    [InlineData("post", "/api/instances/{id}/retry", "ops,admin")]
    [InlineData("get", "/api/orders/{id}", "analyst,ops,integrator,admin")]
    [InlineData("get", "/api/orders", "analyst,ops,integrator,admin")]
    [InlineData("get", "/api/documents/{id}", "analyst,ops,integrator,admin")]
    [InlineData("get", "/api/alerts", "analyst,ops,admin")]
    [InlineData("get", "/api/tasks", "analyst,ops,admin")]
    [InlineData("get", "/api/nodes", "analyst,ops,admin")]
    [InlineData("get", "/api/inventory", "analyst,ops,admin")]
    [InlineData("post", "/api/events/{name}", "integrator,admin")]
    [InlineData("get", "/api/outbox", "ops,admin")]
    [InlineData("post", "/api/workflows/{id}/publish", "ops,admin")]
    [InlineData("post", "/api/keys", "admin")]
    [InlineData("get", "/api/webhooks/subscriptions", "admin")]
    public async Task Operation_ListsTheRolesItsPolicyAdmits(string method, string path, string roles)
    {
        var document = await DocumentAsync();

        var operation = document["paths"]?[path]?[method];
        Assert.True(operation is not null, $"{method.ToUpperInvariant()} {path} is not in the document");
        Assert.Equal(roles.Split(','), operation["x-omsflow-roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.StartsWith($"Roles: {roles.Replace(",", ", ", StringComparison.Ordinal)}.", operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/instances/{id}", true)]
    [InlineData("/api/instances/{id}/journal", true)]
    [InlineData("/api/orders/{id}", true)]
    [InlineData("/api/documents/{id}", true)]
    [InlineData("/api/documents", true)]
    [InlineData("/api/orders", false)]
    [InlineData("/api/instances", false)]
    public async Task InstanceRead_SaysAnIntegratorReadsOnlyWhatItStarted_And404sForTheRest(string path, bool namesOne)
    {
        var document = await DocumentAsync();

        var operation = document["paths"]![path]!["get"]!;
        Assert.Contains("An integrator key reads only what it started", operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var notFound = operation["responses"]!["404"];
        Assert.Equal(namesOne, notFound is not null);
        if (namesOne)
        {
            Assert.Equal("#/components/schemas/ProblemDetails", notFound!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
            Assert.Contains("another key started", notFound["description"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/api/alerts")]
    [InlineData("/api/tasks")]
    [InlineData("/api/workflows")]
    public async Task OtherReads_DoNotMentionIntegratorScope(string path)
    {
        var document = await DocumentAsync();

        Assert.DoesNotContain("integrator", document["paths"]![path]!["get"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HookOperation_DocumentsItsAcceptedAnswer()
    {
        var document = await DocumentAsync();

        var hook = document["paths"]!["/hooks/{path}"]!["post"]!;
        Assert.NotNull(hook["responses"]!["202"]);
        Assert.Contains("Idempotency-Key", hook["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthProbes_AreDocumentedWithoutKey()
    {
        var document = await DocumentAsync();

        var health = Operations(document).Where(o => o.Path.StartsWith("/health", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(health);
        foreach (var (path, method, operation) in health)
        {
            Assert.True(operation["security"] is null, $"{method} {path} should not need a key");
        }
    }
}
