using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmsFlow.Orders.Storage;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>
/// A server running the reference definitions, with a small known catalogue: two DCs (Venlo, Dallas), four SKUs, and
/// stock the test sets. Order scenarios drive it through the hooks and read it back through the API.
/// </summary>
internal sealed class OrderWorld : IAsyncDisposable
{
    private OrderWorld(ServerHarness server) => Server = server;

    public ServerHarness Server { get; }

    /// <summary>Starts the server; the review request goes out 1 s after delivery instead of 7 days.</summary>
    public static Task<OrderWorld> StartAsync(params (string Node, string Sku, int OnHand)[] stock) => StartAsync(null, stock);

    /// <summary>Same, with the reference definitions further changed by <paramref name="adjust"/> (file, text) -> text.</summary>
    public static Task<OrderWorld> StartAsync(Func<string, string, string>? adjust, params (string Node, string Sku, int OnHand)[] stock)
        => StartAsync(adjust, [], stock);

    /// <summary>Same, with extra server arguments (<c>--Hooks:PendingMessageTtl=00:00:01</c>).</summary>
    public static async Task<OrderWorld> StartAsync(Func<string, string, string>? adjust, string[] serverArgs, params (string Node, string Sku, int OnHand)[] stock)
    {
        // This world brings its own small catalogue; the generated seed data would collide with it.
        var server = await ServerHarness.StartWithReferenceDefinitionsAsync(
            (file, text) =>
            {
                text = ShortReviewDelay(file, text);
                return adjust is null ? text : adjust(file, text);
            },
            ["--Seed:Enabled=false", .. serverArgs]);
        var world = new OrderWorld(server);
        await world.SeedAsync(stock);
        return world;
    }

    /// <summary>Adjusts a reference definition file for tests: the review request goes out 1 s after delivery instead of 7 days.</summary>
    public static string ShortReviewDelay(string file, string text)
        => file == "workflows/order-fulfilment.yaml" ? text.Replace("default: 7d", "default: 1s", StringComparison.Ordinal) : text;

    private async Task SeedAsync((string Node, string Sku, int OnHand)[] stock)
    {
        var storage = Server.Services.GetRequiredService<OmsFlowStorage>();
        await using var context = storage.CreateContext();
        AddCatalogue(context, stock);
        await context.SaveChangesAsync();
        Server.Services.GetRequiredService<OrderStore>().ForgetReferenceData();
    }

    /// <summary>Adds the test catalogue (nodes, products, the customer) and <paramref name="stock"/> to <paramref name="context"/>.</summary>
    public static void AddCatalogue(OmsFlow.Persistence.OmsFlowDbContext context, params (string Node, string Sku, int OnHand)[] stock)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Nodes.AddRange(
            Node("DC-VENLO", "Northwind DC Venlo", "NL", 51.37, 6.17, "Europe/Amsterdam"),
            Node("DC-DALLAS", "Northwind DC Dallas", "US", 32.78, -96.80, "America/Chicago"));
        context.Products.AddRange(
            Product("SKU-TEE-01", "Merino T-shirt", 25.00m, 29.00m, 220),
            Product("SKU-MUG-01", "Enamel mug", 12.00m, 14.00m, 400),
            Product("SKU-SOCK-01", "Hiking socks", 8.00m, 9.00m, 90),
            Product("SKU-TOTE-01", "Tote bag", 5.00m, 6.00m, 150));
        foreach (var (node, sku, onHand) in stock)
        {
            context.Inventory.Add(new InventoryRecord { NodeId = node, Sku = sku, OnHand = onHand, SafetyStock = 0 });
        }
        context.Customers.Add(new CustomerRecord
        {
            Id = "C-1", Name = "Anna de Vries", Email = "anna@example.com", Segment = "consumer", DemandClass = "B", Currency = "EUR", Country = "NL", Document = "{}",
        });
        context.Customers.Add(new CustomerRecord
        {
            Id = "C-2", Name = "Bram Jansen", Email = "bram@example.com", Segment = "vip", DemandClass = "A", Currency = "EUR", Country = "NL", Document = "{}",
        });
    }

    private static NodeRecord Node(string id, string name, string country, double lat, double lon, string zone) => new()
    {
        Id = id, Kind = "dc", Name = name, Country = country, Latitude = lat, Longitude = lon, CapacityPerDay = 10_000,
        Document = new JsonObject
        {
            ["cutoff"] = "23:59", ["timeZone"] = zone, ["costPerShipment"] = 4.0, ["costPerUnit"] = 0.2, ["costPerKm"] = 0.001,
            ["address"] = new JsonObject { ["line1"] = "Logistiekweg 1", ["city"] = name.Split(' ')[^1], ["postalCode"] = "1000", ["country"] = country },
        }.ToJsonString(),
    };

    private static ProductRecord Product(string sku, string name, decimal eur, decimal usd, int grams) => new()
    {
        Sku = sku, Gtin = "871234500000" + (sku.Length % 10), Name = name, TaxCategory = "standard", WeightGrams = grams, Active = true,
        Document = new JsonObject { ["prices"] = new JsonObject { ["EUR"] = eur, ["USD"] = usd }, ["packMultiple"] = 1 }.ToJsonString(),
    };

    /// <summary>An order from Utrecht (NL) in EUR with the given lines.</summary>
    public static string Order(string id, params (string Sku, int Quantity)[] lines) => Order(id, null, lines);

    public static string Order(string id, string[]? coupons, params (string Sku, int Quantity)[] lines) => new JsonObject
    {
        ["id"] = id,
        ["channel"] = "web",
        ["currency"] = "EUR",
        ["customer"] = new JsonObject { ["id"] = "C-1", ["email"] = "anna@example.com", ["name"] = "Anna de Vries" },
        ["shipTo"] = new JsonObject
        {
            ["name"] = "Anna de Vries", ["line1"] = "Oudegracht 231", ["city"] = "Utrecht", ["postalCode"] = "3511 NK", ["country"] = "NL",
            ["latitude"] = 52.09, ["longitude"] = 5.12,
        },
        ["lines"] = new JsonArray([.. lines.Select((l, i) => new JsonObject { ["id"] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ["sku"] = l.Sku, ["quantity"] = l.Quantity })]),
        ["payment"] = new JsonObject { ["method"] = "card", ["authorizationId"] = "AUTH-" + id, ["riskScore"] = 5 },
        ["couponCodes"] = new JsonArray([.. (coupons ?? []).Select(c => JsonValue.Create(c))]),
    }.ToJsonString();

    public async Task<string> PlaceAsync(string orderJson)
    {
        var response = await Server.PostJsonAsync("/hooks/orders", orderJson);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"POST /hooks/orders -> {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["instanceId"]!.GetValue<string>();
    }

    /// <summary>Polls the order until <paramref name="done"/> holds (bounded), and returns it.</summary>
    public async Task<JsonObject> WaitForOrderAsync(string orderId, Func<JsonObject, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var response = await Server.Client.GetAsync($"/api/orders/{orderId}");
            if (response.IsSuccessStatusCode)
            {
                last = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                if (done(last))
                {
                    return last;
                }
            }
            await Task.Delay(50);
        }
        var instance = last?["instanceId"]?.GetValue<string>() is { } id ? (await Server.GetJsonAsync($"/api/instances/{id}")).ToJsonString() : "(no instance)";
        throw new Xunit.Sdk.XunitException($"Order {orderId} never reached: {what}. Last: {last?.ToJsonString()}\nInstance: {instance}");
    }

    /// <summary>Posts a warehouse/carrier event, retrying while the order is not yet waiting for it.</summary>
    public async Task ShipmentEventAsync(string orderId, string status, string? shipmentId = null)
    {
        var body = new JsonObject { ["orderId"] = orderId, ["status"] = status, ["carrier"] = "PostNL", ["trackingNumber"] = "3S" + orderId, ["shipmentId"] = shipmentId }.ToJsonString();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await Server.PostJsonAsync("/hooks/shipments", body);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.NotFound && DateTime.UtcNow < deadline,
                $"POST /hooks/shipments -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(50);
        }
    }

    public async Task<List<JsonObject>> EmailsAsync(string orderId)
    {
        var outbox = await Server.GetJsonAsync($"/api/outbox?orderId={orderId}&channel=email");
        return [.. outbox["items"]!.AsArray().Select(m => m!.AsObject())];
    }

    /// <summary>Polls the order's email outbox until a message with <paramref name="topic"/> is queued (bounded).</summary>
    public async Task<JsonObject> WaitForEmailAsync(string orderId, string topic)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var emails = await EmailsAsync(orderId);
            if (emails.FirstOrDefault(e => e["topic"]?.GetValue<string>() == topic) is { } email)
            {
                return email;
            }
            Assert.True(DateTime.UtcNow < deadline, $"No {topic} email for {orderId}; queued: {string.Join(", ", emails.Select(e => e["topic"]))}");
            await Task.Delay(50);
        }
    }

    public async Task<InventoryRecord> StockAsync(string node, string sku)
    {
        await using var context = Server.Services.GetRequiredService<OmsFlowStorage>().CreateContext();
        return await context.Inventory.AsNoTracking().SingleAsync(i => i.NodeId == node && i.Sku == sku);
    }

    /// <summary>Open human tasks for <paramref name="role"/> that belong to <paramref name="orderId"/>, polled until one shows up (bounded).</summary>
    public async Task<JsonObject> WaitForTaskAsync(string role, string orderId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var tasks = await Server.GetJsonAsync($"/api/tasks?role={role}");
            var mine = tasks["items"]!.AsArray().Select(t => t!.AsObject()).FirstOrDefault(t => t["correlationKey"]?.GetValue<string>() == orderId);
            if (mine is not null)
            {
                return mine;
            }
            Assert.True(DateTime.UtcNow < deadline, $"No {role} task for order {orderId} appeared: {tasks.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Completes a human task through POST /api/tasks/{id}/complete.</summary>
    public async Task CompleteTaskAsync(string taskId, string outcome, string? comment = null)
    {
        var body = new JsonObject { ["outcome"] = outcome, ["comment"] = comment, ["completedBy"] = "test-user" }.ToJsonString();
        var response = await Server.PostJsonAsync($"/api/tasks/{taskId}/complete", body);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/tasks/{taskId}/complete -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Asks for the order to be cancelled through POST /hooks/order-cancellations (the hook contract reads the order id from
    /// the body), retrying while the order is not yet listening.
    /// </summary>
    public async Task CancelAsync(string orderId, string reason)
    {
        var body = new JsonObject { ["orderId"] = orderId, ["reason"] = reason }.ToJsonString();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await Server.PostJsonAsync("/hooks/order-cancellations", body);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.NotFound && DateTime.UtcNow < deadline,
                $"POST /hooks/order-cancellations -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Books a stock receipt at <paramref name="node"/> and tells the waiting order about it (the flow's wait-stock step).</summary>
    public async Task ReceiveStockAsync(string node, string sku, int quantity, string orderId)
    {
        await Server.Services.GetRequiredService<OrderStore>().ReceiveStockAsync(node, sku, quantity);
        var engine = Server.Services.GetRequiredService<OmsFlow.Workflows.Runtime.WorkflowEngine>();
        await engine.SignalAsync("stock-arrived", orderId, null, new JsonObject { ["nodeId"] = node, ["sku"] = sku, ["quantity"] = quantity });
    }

    /// <summary>An order JSON (e.g. from <c>Order</c>) with <paramref name="change"/> applied.</summary>
    public static string Adjust(string orderJson, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var order = JsonNode.Parse(orderJson)!.AsObject();
        change(order);
        return order.ToJsonString();
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
