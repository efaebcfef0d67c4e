using System.Net;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Seed;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Seed;

/// <summary>Seed data loaded on first start, and the reference-data API over it.</summary>
public sealed class ReferenceDataApiTests : IAsyncLifetime
{
    private const string BackorderFlow = """
        id: backorder-probe
        triggers:
          - hook: backorder-probe
            input: order
            correlation: =order.id
        inputs:
          order: { type: object, required: true }
        outputs:
          arrivedSku: '=steps["wait-stock"].output.sku'
          arrivedQuantity: '=steps["wait-stock"].output.quantity'
        steps:
          wait-stock:
            activity: WaitForSignal
            inputs: { signal: stock-arrived }
        """;

    private static readonly SeedData Expected = SeedGenerator.Generate();

    private ServerHarness _server = null!;

    public async Task InitializeAsync()
        => _server = await ServerHarness.StartAsync(new Dictionary<string, string> { ["backorder.yaml"] = BackorderFlow });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task FirstStart_LoadsNodesProductsInventoryAndCustomers()
    {
        var nodes = (await _server.GetJsonAsync("/api/nodes"))["items"]!.AsArray();
        Assert.Equal(Expected.Nodes.Select(n => n.Id).Order(), nodes.Select(n => n!["id"]!.GetValue<string>()));
        var reno = nodes.Single(n => n!["id"]!.GetValue<string>() == "DC-RENO")!;
        Assert.Equal("America/Los_Angeles", reno["timeZone"]!.GetValue<string>());
        Assert.Equal("15:00", reno["cutoff"]!.GetValue<string>());
        Assert.Equal("Sparks", reno["address"]!["city"]!.GetValue<string>());

        var products = (await _server.GetJsonAsync("/api/products"))["items"]!.AsArray();
        Assert.Equal(Expected.Products.Count, products.Count);
        Assert.All(products, p => Assert.True(CheckDigits.IsValidGtin13(p!["gtin"]!.GetValue<string>())));
        Assert.NotNull(products[0]!["prices"]!["GBP"]);
        var inactive = (await _server.GetJsonAsync("/api/products?active=false"))["items"]!.AsArray();
        Assert.Equal(Expected.Products.Count(p => !p.Active), inactive.Count);

        var inventory = (await _server.GetJsonAsync("/api/inventory"))["items"]!.AsArray();
        Assert.Equal(Expected.Inventory.Count, inventory.Count);

        var expectedCustomer = Expected.Customers.First(c => c.Segment == "business" && c.VatId is not null);
        var customer = await _server.GetJsonAsync($"/api/customers/{expectedCustomer.Id}");
        Assert.Equal(expectedCustomer.VatId, customer["vatId"]!.GetValue<string>());
        Assert.Equal(expectedCustomer.Email, customer["email"]!.GetValue<string>());
        Assert.Equal(expectedCustomer.CreditLimit, customer["creditLimit"]!.GetValue<decimal>());
        Assert.NotNull(customer["addresses"]![0]!["latitude"]);
    }

    [Fact]
    public async Task Restart_DoesNotLoadSeedDataAgain_AndKeepsStockChanges()
    {
        var received = await _server.PostJsonAsync("/api/inventory/DC-DALLAS/SKU-1003/receive", """{"quantity": 7}""");
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        var onHand = (await ServerHarness.ReadAsync(received))["onHand"]!.GetValue<int>();

        await _server.RestartAsync();

        Assert.Equal(Expected.Nodes.Count, (await _server.GetJsonAsync("/api/nodes"))["items"]!.AsArray().Count);
        var row = (await _server.GetJsonAsync("/api/inventory?nodeId=DC-DALLAS&sku=SKU-1003"))["items"]!.AsArray().Single()!;
        Assert.Equal(onHand, row["onHand"]!.GetValue<int>());
    }

    [Fact]
    public async Task Inventory_FiltersBySkuAndNode_AndComputesAvailable()
    {
        var bySku = (await _server.GetJsonAsync("/api/inventory?sku=SKU-1001"))["items"]!.AsArray();
        Assert.Equal(Expected.Nodes.Count, bySku.Count);
        Assert.All(bySku, r => Assert.Equal("SKU-1001", r!["sku"]!.GetValue<string>()));
        var byNode = (await _server.GetJsonAsync("/api/inventory?nodeId=STORE-LONDON"))["items"]!.AsArray();
        Assert.Equal(Expected.Products.Count, byNode.Count);
        Assert.All(byNode, r => Assert.Equal(
            Math.Max(0, r!["onHand"]!.GetValue<int>() - r["reserved"]!.GetValue<int>() - r["safetyStock"]!.GetValue<int>()),
            r["available"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Receive_AddsToOnHand()
    {
        var before = Expected.Inventory.Single(i => i.NodeId == "DC-RENO" && i.Sku == "SKU-1002");

        var response = await _server.PostJsonAsync("/api/inventory/DC-RENO/SKU-1002/receive", """{"quantity": 24}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await ServerHarness.ReadAsync(response);
        Assert.Equal(before.OnHand + 24, row["onHand"]!.GetValue<int>());
        Assert.Equal(Math.Max(0, before.Inbound - 24), row["inbound"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/api/inventory/DC-RENO/SKU-1002/receive", """{"quantity": 0}""", HttpStatusCode.UnprocessableEntity, "quantity")]
    [InlineData("/api/inventory/DC-RENO/SKU-1002/receive", """{"quantity": "lots"}""", HttpStatusCode.UnprocessableEntity, "quantity")]
    [InlineData("/api/inventory/DC-RENO/SKU-1002/receive", """{"quantity": 2.5}""", HttpStatusCode.UnprocessableEntity, "quantity")]
    [InlineData("/api/inventory/DC-NOWHERE/SKU-1002/receive", """{"quantity": 1}""", HttpStatusCode.NotFound, "nodeId")]
    [InlineData("/api/inventory/DC-RENO/SKU-0000/receive", """{"quantity": 1}""", HttpStatusCode.NotFound, "sku")]
    public async Task Receive_BadRequest_NamesTheField(string path, string body, HttpStatusCode status, string field)
    {
        var response = await _server.PostJsonAsync(path, body);

        Assert.Equal(status, response.StatusCode);
        var problem = await ServerHarness.ReadAsync(response);
        Assert.Equal(field, problem["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Receive_WakesOnlyOrdersBackorderedOnThatSku()
    {
        var waiting = await StartBackorderedAsync("ORD-BACK-1", "SKU-1002");
        var other = await StartBackorderedAsync("ORD-BACK-2", "SKU-1005");

        var response = await _server.PostJsonAsync("/api/inventory/DC-COLUMBUS/SKU-1002/receive", """{"quantity": 40}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([waiting], (await ServerHarness.ReadAsync(response))["resumed"]!.AsArray().Select(id => id!.GetValue<string>()));
        var done = await _server.WaitForStatusAsync(waiting, "Completed");
        Assert.Equal("Completed", done["status"]!.GetValue<string>());
        Assert.Equal("SKU-1002", done["outputs"]!["arrivedSku"]!.GetValue<string>());
        Assert.Equal(40, done["outputs"]!["arrivedQuantity"]!.GetValue<int>());
        Assert.Equal("Suspended", (await _server.GetJsonAsync($"/api/instances/{other}"))["status"]!.GetValue<string>());
    }

    /// <summary>An instance keyed by <paramref name="orderId"/> waiting for stock, and its order with a line backordered on <paramref name="sku"/>.</summary>
    private async Task<string> StartBackorderedAsync(string orderId, string sku)
    {
        var started = await _server.PostJsonAsync("/hooks/backorder-probe", $$"""{"id":"{{orderId}}"}""");
        var instanceId = (await ServerHarness.ReadAsync(started))["instanceId"]!.GetValue<string>();
        await _server.WaitForStatusAsync(instanceId, "Suspended");
        await OrderRows.InsertAsync(_server, new Order
        {
            Id = orderId,
            Status = OrderStatus.Processing,
            Lines = [new OrderLine { Id = "L1", Sku = sku, Quantity = 5, Status = LineStatus.Backordered }],
        });
        return instanceId;
    }

    [Fact]
    public async Task Customer_Unknown_Is404NamingIt()
    {
        var response = await _server.Client.GetAsync("/api/customers/C-99999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("C-99999", (await ServerHarness.ReadAsync(response))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Samples_ListSeededOrdersWithLabelsAndTags_FilteredByTag()
    {
        var all = (await _server.GetJsonAsync("/api/orders/samples"))["items"]!.AsArray();
        Assert.Equal(Expected.SampleOrders.Count, all.Count);
        var first = all[0]!;
        Assert.Equal(Expected.SampleOrders[0].Id, first["id"]!.GetValue<string>());
        Assert.Equal(Expected.SampleOrders[0].Label, first["label"]!.GetValue<string>());
        Assert.Equal(first["id"]!.GetValue<string>(), first["order"]!["id"]!.GetValue<string>());

        var splits = (await _server.GetJsonAsync("/api/orders/samples?tag=split"))["items"]!.AsArray();
        Assert.NotEmpty(splits);
        Assert.All(splits, s => Assert.Contains(s!["tags"]!.AsArray(), t => t!.GetValue<string>() == "split"));
        Assert.True(splits.Count < all.Count);
    }

    [Fact]
    public async Task Access_AnalystsAndOpsRead_IntegratorsDoNot_OnlyOpsAndAdminReceive()
    {
        var analyst = _server.CreateClient(await _server.CreateKeyAsync("reader", "analyst"));
        var integrator = _server.CreateClient(await _server.CreateKeyAsync("integrator", "integrator"));
        var ops = _server.CreateClient(await _server.CreateKeyAsync("ops", "ops"));
        var anonymous = _server.CreateClient(null);
        foreach (var path in new[] { "/api/nodes", "/api/products", "/api/inventory?sku=SKU-1001", $"/api/customers/{Expected.Customers[0].Id}", "/api/orders/samples?tag=split" })
        {
            Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await integrator.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        }
        static StringContent Body() => new("""{"quantity": 1}""", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync("/api/inventory/DC-RENO/SKU-1001/receive", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await integrator.PostAsync("/api/inventory/DC-RENO/SKU-1001/receive", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ops.PostAsync("/api/inventory/DC-RENO/SKU-1001/receive", Body())).StatusCode);
    }
}

/// <summary>With <c>Seed:Enabled=false</c> the server starts with no reference data.</summary>
public sealed class SeedDisabledTests
{
    [Fact]
    public async Task SeedDisabled_LeavesTheDatabaseEmpty()
    {
        await using var server = await ServerHarness.StartAsync(new Dictionary<string, string>(), "--Seed:Enabled=false");

        Assert.Empty((await server.GetJsonAsync("/api/nodes"))["items"]!.AsArray());
        Assert.Empty((await server.GetJsonAsync("/api/inventory"))["items"]!.AsArray());
        Assert.NotEmpty((await server.GetJsonAsync("/api/orders/samples"))["items"]!.AsArray());
    }
}
