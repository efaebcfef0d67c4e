using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Orders.Model;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Orders.Storage;

/// <summary>
/// The OMS tables: reads for activities and the API, and the writes that need an answer before a step can go on
/// (reserve stock, number an invoice). Those are committed on the engine's single writer right away, keyed by the
/// step's execution so a step that runs again gets the same answer; everything else an activity changes is enlisted
/// in its step's commit (<see cref="OmsFlow.Workflows.Activities.ActivityContext.Enlist"/>).
/// </summary>
public sealed class OrderStore(OmsFlowStorage storage, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, ProductRecord?> _products = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<NodeRecord>? _nodes;

    public TimeProvider Clock => clock;

    public OmsFlowStorage Storage => storage;

    /// <summary>The row to write for <paramref name="order"/> as it is now.</summary>
    public OrderRecord ToRecord(Order order, long? createdAt = null) => ToRecord(order, OrderJson.Serialize(order), createdAt);

    /// <summary>The row of <paramref name="order"/> whose JSON text the caller already has.</summary>
    public OrderRecord ToRecord(Order order, string document, long? createdAt = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return new OrderRecord
        {
            Id = order.Id,
            Status = order.Status.ToString(),
            PaymentStatus = order.PaymentStatus.ToString(),
            CustomerId = order.Customer.Id,
            Channel = order.Channel,
            Currency = order.Currency,
            GrandTotal = order.Pricing?.GrandTotal ?? 0m,
            InstanceId = order.InstanceId,
            Document = document,
            CreatedAt = createdAt ?? order.PlacedAt?.ToUnixTimeMilliseconds() ?? now,
            UpdatedAt = now,
        };
    }

    public async Task<OrderRecord?> GetAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether another order already came in with this external id (a channel sent it twice).</summary>
    public async Task<bool> ExternalIdTakenAsync(string orderId, string externalId, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        // The document is JSON; the external id sits in it verbatim as "externalId":"...".
        var needle = "\"externalId\":" + System.Text.Json.JsonSerializer.Serialize(externalId);
        return await context.Orders.AsNoTracking().AnyAsync(o => o.Id != orderId && o.Document.Contains(needle), cancellationToken).ConfigureAwait(false);
    }

    public async Task<CustomerRecord?> GetCustomerAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The customer's other orders in one read: how many they placed before (a first large order is a risk signal) and
    /// their open exposure, the total of orders not yet shipped or closed (for the credit check).
    /// </summary>
    public async Task<(decimal Exposure, int PreviousOrders)> CustomerHistoryAsync(string customerId, string exceptOrderId, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        var theirs = context.Orders.AsNoTracking().Where(o => o.CustomerId == customerId && o.Id != exceptOrderId);
        // Only open orders come back (few, however long the customer's history); SQLite keeps decimals as text and
        // cannot sum them, so they are added up here.
        var open = await theirs
            .Where(o => o.Status == nameof(OrderStatus.Validated) || o.Status == nameof(OrderStatus.OnHold)
                || o.Status == nameof(OrderStatus.PendingApproval) || o.Status == nameof(OrderStatus.Processing))
            .Select(o => o.GrandTotal).ToListAsync(cancellationToken).ConfigureAwait(false);
        var previous = await theirs.CountAsync(cancellationToken).ConfigureAwait(false);
        return (open.Sum(), previous);
    }

    /// <summary>
    /// Open orders with a backordered line of <paramref name="sku"/>, oldest first: the ones to wake when stock of it arrives
    /// (first come, first served).
    /// </summary>
    public async Task<IReadOnlyList<string>> BackorderedOrdersAsync(string sku, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        var skuText = "\"sku\":" + System.Text.Json.JsonSerializer.Serialize(sku);
        var candidates = await context.Orders.AsNoTracking()
            .Where(o => o.Status == nameof(OrderStatus.Processing) && o.Document.Contains("\"Backordered\"") && o.Document.Contains(skuText))
            .OrderBy(o => o.CreatedAt).Select(o => new { o.Id, o.Document }).ToListAsync(cancellationToken).ConfigureAwait(false);
        // The text match narrows the rows; the lines decide (the SKU and the backorder must be on the same line).
        return [.. candidates.Where(c => OrderJson.Read<Order>(c.Document)?.Lines.Any(l => l.Sku == sku && l.Status == LineStatus.Backordered) == true).Select(c => c.Id)];
    }

    /// <summary>Products by SKU (cached: the catalogue changes through <see cref="ForgetReferenceData"/>'s callers only).</summary>
    public async Task<IReadOnlyDictionary<string, ProductRecord>> ProductsAsync(IEnumerable<string> skus, CancellationToken cancellationToken = default)
    {
        var wanted = skus.Distinct(StringComparer.Ordinal).ToList();
        var missing = wanted.Where(s => !_products.ContainsKey(s)).ToList();
        if (missing.Count > 0)
        {
            await using var context = storage.CreateContext();
            var found = await context.Products.AsNoTracking().Where(p => missing.Contains(p.Sku)).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var sku in missing)
            {
                _products[sku] = found.FirstOrDefault(p => p.Sku == sku);
            }
        }
        var result = new Dictionary<string, ProductRecord>(StringComparer.Ordinal);
        foreach (var sku in wanted)
        {
            if (_products.TryGetValue(sku, out var product) && product is not null)
            {
                result[sku] = product;
            }
        }
        return result;
    }

    public async Task<IReadOnlyList<NodeRecord>> NodesAsync(CancellationToken cancellationToken = default)
    {
        if (_nodes is { } cached)
        {
            return cached;
        }
        await using var context = storage.CreateContext();
        var nodes = await context.Nodes.AsNoTracking().OrderBy(n => n.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        _nodes = nodes;
        return nodes;
    }

    /// <summary>Drops cached products and nodes after reference data changed.</summary>
    public void ForgetReferenceData()
    {
        _products.Clear();
        _nodes = null;
    }

    /// <summary>Stock rows for <paramref name="skus"/> at every node.</summary>
    public async Task<IReadOnlyList<InventoryRecord>> InventoryAsync(IEnumerable<string> skus, CancellationToken cancellationToken = default)
    {
        var wanted = skus.Distinct(StringComparer.Ordinal).ToList();
        await using var context = storage.CreateContext();
        return await context.Inventory.AsNoTracking().Where(i => wanted.Contains(i.Sku)).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Units each node has promised for <paramref name="day"/> (yyyy-MM-dd).</summary>
    public async Task<IReadOnlyDictionary<string, int>> NodeLoadsAsync(string day, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.NodeLoads.AsNoTracking().Where(l => l.Day == day).ToDictionaryAsync(l => l.NodeId, l => l.Units, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReservationRecord>> ReservationsAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.Reservations.AsNoTracking().Where(r => r.OrderId == orderId).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<InvoiceRecord>> InvoicesAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.Invoices.AsNoTracking().Where(i => i.OrderId == orderId).OrderBy(i => i.IssuedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How often a coupon was used in all, and by one customer (for per-code and per-customer limits).</summary>
    public async Task<(int Total, int ByCustomer)> CouponUsesAsync(string code, string? customerId, string exceptOrderId, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        var uses = context.CouponRedemptions.AsNoTracking().Where(r => r.Code == code && r.OrderId != exceptOrderId);
        var total = await uses.CountAsync(cancellationToken).ConfigureAwait(false);
        var mine = customerId is null ? 0 : await uses.CountAsync(r => r.CustomerId == customerId, cancellationToken).ConfigureAwait(false);
        return (total, mine);
    }

    /// <summary>Commits <paramref name="write"/> on its own, now (batched with whatever else the writer is committing).</summary>
    /// <exception cref="CommitConflictException">The write rejected itself (e.g. the stock it wanted was taken).</exception>
    public async Task<T> CommitAsync<T>(T write)
        where T : UnitWrite
    {
        var unit = new CommitUnit();
        unit.Writes.Add(write);
        await storage.Writer.CommitAsync(unit).ConfigureAwait(false);
        return write;
    }

    /// <summary>Adds received units to a node's stock (a delivery arrived, a count was corrected).</summary>
    public async Task<InventoryRecord> ReceiveStockAsync(string nodeId, string sku, int quantity, CancellationToken cancellationToken = default)
    {
        await CommitAsync(new AdjustStock(nodeId, sku, quantity, clock.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false);
        await using var context = storage.CreateContext();
        return await context.Inventory.AsNoTracking().FirstAsync(i => i.NodeId == nodeId && i.Sku == sku, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Adds to (or with a negative quantity, takes from) on-hand stock; never below what is reserved.</summary>
public sealed class AdjustStock(string nodeId, string sku, int quantity, long now) : UnitWrite
{
    private const string InsertSql =
        "INSERT INTO inventory (node_id, sku, on_hand, reserved, safety_stock, inbound, reorder_point, updated_at) VALUES (@node_id, @sku, 0, 0, 0, 0, 0, @now) " +
        "ON CONFLICT (node_id, sku) DO NOTHING";

    private const string AdjustSql =
        "UPDATE inventory SET on_hand = on_hand + @quantity, inbound = CASE WHEN @quantity > 0 AND inbound >= @quantity THEN inbound - @quantity " +
        "WHEN @quantity > 0 THEN 0 ELSE inbound END, updated_at = @now WHERE node_id = @node_id AND sku = @sku AND on_hand + @quantity >= reserved";

    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        sql.Execute(InsertSql, ("node_id", nodeId), ("sku", sku), ("now", now));
        if (sql.Execute(AdjustSql, ("quantity", quantity), ("now", now), ("node_id", nodeId), ("sku", sku)) != 1)
        {
            throw new CommitConflictException($"Taking {-quantity} x {sku} from {nodeId} would leave less on hand than is reserved.");
        }
    }
}
