using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Orders;

namespace OmsFlow.Server.Tests.Security;

/// <summary>
/// Orders belong to the instance that took them in: an integrator key reads only the orders it sent and the documents
/// their instances issued; everything else answers 404, as if it did not exist.
/// </summary>
public sealed class OwnOrdersTests
{
    [Fact]
    public async Task OrderReads_ForIntegrator_OnlyItsOwnOrders_404ForOthers_OthersRolesSeeAll()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 100));
        using var first = world.Server.CreateClient(await world.Server.CreateKeyAsync("shop-a", "integrator"));
        using var second = world.Server.CreateClient(await world.Server.CreateKeyAsync("shop-b", "integrator"));
        using var analyst = world.Server.CreateClient(await world.Server.CreateKeyAsync("analyst", "analyst"));
        foreach (var (client, id) in new[] { (first, "SO-OWN-A"), (second, "SO-OWN-B") })
        {
            var placed = await client.PostAsync("/hooks/orders", new StringContent(OrderWorld.Order(id, ("SKU-TEE-01", 1)), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
            await world.WaitForOrderAsync(id, order => order["instanceId"] is not null, "taken in");
        }

        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/orders/SO-OWN-A")).StatusCode);
        var hidden = await first.GetAsync("/api/orders/SO-OWN-B");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("application/problem+json", hidden.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync("/api/orders/SO-OWN-A")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/orders/SO-OWN-B")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/orders/SO-OWN-B")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Server.Client.GetAsync("/api/orders/SO-OWN-A")).StatusCode);

        Assert.Equal(["SO-OWN-A"], await ListedOrdersAsync(first));
        Assert.Equal(["SO-OWN-B"], await ListedOrdersAsync(second));
        Assert.Equal(["SO-OWN-A", "SO-OWN-B"], await ListedOrdersAsync(analyst));
    }

    [Fact]
    public async Task OrderDocuments_ForIntegrator_OnlyThoseOfItsOwnOrders_AndOrdersNoKeyOfItsOwnTookInStayHidden()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 100));
        using var first = world.Server.CreateClient(await world.Server.CreateKeyAsync("shop-a", "integrator"));
        using var second = world.Server.CreateClient(await world.Server.CreateKeyAsync("shop-b", "integrator"));
        using var ops = world.Server.CreateClient(await world.Server.CreateKeyAsync("ops", "ops"));
        var placed = await first.PostAsync("/hooks/orders", new StringContent(OrderWorld.Order("SO-DOC-A", ("SKU-TEE-01", 1)), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        await world.PlaceAsync(OrderWorld.Order("SO-BY-ADMIN", ("SKU-TEE-01", 1)));
        var order = await world.WaitForOrderAsync("SO-DOC-A", o => o["issuedDocuments"]?.AsArray().Count > 0, "a document issued");
        await world.WaitForOrderAsync("SO-BY-ADMIN", o => o["instanceId"] is not null, "taken in");
        var instanceId = order["instanceId"]!.GetValue<string>();
        var documentUrl = order["issuedDocuments"]![0]!["url"]!.GetValue<string>();

        var own = JsonNode.Parse(await first.GetStringAsync("/api/orders/SO-DOC-A"))!;
        Assert.Equal(documentUrl, own["issuedDocuments"]![0]!["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(documentUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync($"/api/documents?instanceId={instanceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync(documentUrl)).StatusCode);

        var hiddenDocument = await second.GetAsync(documentUrl);
        var missingDocument = await second.GetAsync("/api/documents/no-such-document");
        Assert.Equal(HttpStatusCode.NotFound, hiddenDocument.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingDocument.StatusCode);
        Assert.Equal("application/problem+json", hiddenDocument.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/api/documents?instanceId={instanceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync("/api/orders/SO-DOC-A")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync("/api/orders/SO-BY-ADMIN")).StatusCode);
        Assert.Equal(["SO-DOC-A"], await ListedOrdersAsync(first));
        Assert.Empty(await ListedOrdersAsync(second));
        Assert.Equal(["SO-BY-ADMIN", "SO-DOC-A"], await ListedOrdersAsync(ops));
    }

    private static async Task<string[]> ListedOrdersAsync(HttpClient client)
    {
        var list = JsonNode.Parse(await client.GetStringAsync("/api/orders"))!;
        return [.. list["items"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal)];
    }
}
