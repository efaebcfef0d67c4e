using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>
/// 200 orders through the reference flow while the server process is killed with SIGKILL twice: every order still
/// ends Closed, with exactly one confirmation email and one invoice, gapless invoice numbers, and stock that balances.
/// </summary>
[Collection(SerialProcessTests.Name)]
public sealed class OrderCrashRecoveryTests
{
    private const int Orders = 200;
    private const int StockPerSku = 1000;

    [Fact]
    public async Task TwoHundredOrders_ServerKilledTwice_EveryOrderFinishesOnce_AndStockBalances()
    {
        using var server = await OrderServerProcess.CreateAsync();
        await server.StartAsync();
        await using (var context = server.CreateContext())
        {
            OrderWorld.AddCatalogue(context, ("DC-VENLO", "SKU-TEE-01", StockPerSku), ("DC-VENLO", "SKU-MUG-01", StockPerSku));
            await context.SaveChangesAsync();
        }
        var ids = Enumerable.Range(1, Orders).Select(i => $"SO-K{i:000}").ToList();

        var posts = await Task.WhenAll(ids.Select(id => server.Client.PostAsync(new Uri("/hooks/orders", UriKind.Relative),
            new StringContent(OrderWorld.Order(id, ("SKU-TEE-01", 2), ("SKU-MUG-01", 1)), Encoding.UTF8, "application/json"))));
        Assert.All(posts, p => Assert.Equal(HttpStatusCode.Accepted, p.StatusCode));
        await Task.Delay(300);
        await server.KillAsync();
        Assert.True(server.Scalar("SELECT COUNT(*) FROM outbox WHERE topic = 'order-confirmation'") < Orders, "the first crash came after every order was confirmed");

        await server.StartAsync();
        using var driving = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var drivers = ids.Select(id => DriveAsync(server.Client, id, driving.Token)).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (server.Scalar("SELECT COUNT(*) FROM invoices") < Orders / 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await server.KillAsync();
        Assert.True(server.Scalar("SELECT COUNT(*) FROM orders WHERE status = 'Closed'") < Orders, "the second crash came after every order closed");

        await server.StartAsync();
        try
        {
            await Task.WhenAll(drivers);
        }
        catch (OperationCanceledException)
        {
            // Some order never took its shipment events: the check below says which and where it stands.
        }
        deadline = DateTime.UtcNow.AddSeconds(120);
        while (server.Scalar("SELECT COUNT(*) FROM orders WHERE status = 'Closed'") < Orders && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        await server.KillAsync();

        Assert.Equal(0, server.Scalar("SELECT COUNT(*) FROM incidents WHERE resolved_at IS NULL"));
        var unfinished = server.Rows("""
            SELECT o.id, o.status || ' | instance ' || COALESCE(i.status, '-') || ' runnable=' || COALESCE(i.runnable, '-')
                || ' lease=' || COALESCE(i.lease_owner, '-') || ' | bookmarks: '
                || COALESCE((SELECT GROUP_CONCAT(b.kind || ':' || b.name || ' due=' || COALESCE(b.due_at, '-') || ' lease=' || COALESCE(b.lease_owner, '-'), '; ')
                             FROM bookmarks b WHERE b.instance_id = i.id), 'none')
                || ' | buffered: ' || COALESCE((SELECT GROUP_CONCAT(p.path || '#' || p.seq || ' for ' || COALESCE(p.instance_id, '-'), '; ')
                             FROM pending_hook_messages p WHERE p.key = o.id), 'none')
                || ' | last steps: ' || COALESCE((SELECT GROUP_CONCAT(j.kind || ' ' || COALESCE(j.step, '') || ' ' || COALESCE(j.outcome, ''), ', ')
                             FROM (SELECT * FROM journal WHERE instance_id = i.id ORDER BY seq DESC LIMIT 6) j), '-')
            FROM orders o LEFT JOIN instances i ON i.id = o.instance_id WHERE o.status <> 'Closed'
            """);
        Assert.True(unfinished.Count == 0, $"{unfinished.Count} orders did not close:\n"
            + string.Join('\n', unfinished.Select(u => $"{u.First}: {u.Second}")) + "\n--- server log ---\n" + server.LogTail());
        Assert.Equal(Orders, server.Scalar("SELECT COUNT(*) FROM instances WHERE status = 'Completed'"));
        foreach (var topic in new[] { "order-confirmation", "shipped", "delivered", "review-request" })
        {
            var perOrder = server.Rows($"SELECT correlation_key, COUNT(*) FROM outbox WHERE channel = 'email' AND topic = '{topic}' GROUP BY correlation_key");
            Assert.Equal(ids, perOrder.Select(r => r.First).Order(StringComparer.Ordinal));
            Assert.All(perOrder, r => Assert.True(r.Second == "1", $"order {r.First} has {r.Second} {topic} emails"));
        }
        var invoices = server.Rows("SELECT order_id, number FROM invoices WHERE kind = 'invoice'");
        Assert.Equal(ids, invoices.Select(i => i.First).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, Orders), invoices.Select(i => int.Parse(i.Second[^6..], CultureInfo.InvariantCulture)).Order());
        Assert.Equal(StockPerSku - 2 * Orders, server.Scalar("SELECT on_hand FROM inventory WHERE sku = 'SKU-TEE-01'"));
        Assert.Equal(StockPerSku - Orders, server.Scalar("SELECT on_hand FROM inventory WHERE sku = 'SKU-MUG-01'"));
        Assert.Equal(0, server.Scalar("SELECT SUM(reserved) FROM inventory"));
        Assert.Equal(0, server.Scalar("SELECT COUNT(*) FROM reservations WHERE status = 'active'"));
        Assert.Equal(3 * Orders, server.Scalar("SELECT SUM(quantity) FROM reservations WHERE status = 'consumed'"));
    }

    /// <summary>
    /// The warehouse and the carrier: posts "shipped", then "delivered", each until the server takes it (200, or 202 when
    /// kept until the order waits for it). A refused connection, a timeout or a 5xx means the server is down or restarting,
    /// and the event may have been taken all the same; a 404 after that means the order's flow has finished, so it was.
    /// </summary>
    private static async Task DriveAsync(HttpClient client, string orderId, CancellationToken cancellationToken)
    {
        foreach (var status in new[] { "shipped", "delivered" })
        {
            var body = new JsonObject { ["orderId"] = orderId, ["status"] = status, ["carrier"] = "PostNL", ["trackingNumber"] = "3S" + orderId }.ToJsonString();
            var mayHaveBeenTaken = false;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    using var response = await client.PostAsync(new Uri("/hooks/shipments", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
                    if (response.IsSuccessStatusCode || (response.StatusCode == HttpStatusCode.NotFound && mayHaveBeenTaken))
                    {
                        break;
                    }
                    Assert.True(response.StatusCode is HttpStatusCode.Conflict || (int)response.StatusCode >= 500,
                        $"POST /hooks/shipments ({orderId}, {status}) -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    mayHaveBeenTaken |= (int)response.StatusCode >= 500;
                }
                catch (HttpRequestException)
                {
                    // The server is down between a kill and its restart (or went down while answering).
                    mayHaveBeenTaken = true;
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The request was cut off by the kill and timed out.
                    mayHaveBeenTaken = true;
                }
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
