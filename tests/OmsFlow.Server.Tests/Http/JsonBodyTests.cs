using System.Net;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Http;

/// <summary>
/// Request bodies with U+0000 in a string: PostgreSQL text cannot store the character, so the API refuses it up front
/// with a 400 naming the field instead of failing in the database with a 500 (found by fuzzing on PostgreSQL).
/// </summary>
public sealed class JsonBodyTests : IAsyncLifetime
{
    private const string Flow = """
        id: echo
        triggers:
          - hook: echo
        inputs:
          order: { type: object, required: true }
        steps:
          done: { activity: SetVariable, inputs: { name: seen, value: 1 } }
        variables:
          seen: int
        """;

    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new Dictionary<string, string> { ["echo.yaml"] = Flow });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("""{"order":{"id":"SO-1","lines":[{"sku":"A"},{"sku":"B\u0000"}]}}""", "order.lines[1].sku")]
    [InlineData("""{"order":{"id":"SO-\u00001"}}""", "order.id")]
    [InlineData("""{"order":{"id":"SO-1","note\u0000":"x"}}""", "order.note\u0000")]
    public async Task Hook_StringWithNulCharacter_Is400NamingTheField(string body, string field)
    {
        var response = await _server.PostJsonAsync("/hooks/echo", body);

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, problem["field"]!.GetValue<string>());
        Assert.Contains("U+0000", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hook_OrdinaryBody_IsAccepted()
    {
        var response = await _server.PostJsonAsync("/hooks/echo", """{"order":{"id":"SO-1","lines":[{"sku":"A"}]}}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
