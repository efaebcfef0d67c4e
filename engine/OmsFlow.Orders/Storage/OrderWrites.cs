using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Orders.Storage;

/// <summary>Writes the order's row (insert or replace), in the transaction of the step that changed the order.</summary>
public sealed class SaveOrder(OrderRecord order) : UnitWrite
{
    private const string Sql =
        "INSERT INTO orders (id, status, payment_status, customer_id, channel, currency, grand_total, instance_id, document, created_at, updated_at) " +
        "VALUES (@id, @status, @payment_status, @customer_id, @channel, @currency, @grand_total, @instance_id, @document, @created_at, @updated_at) " +
        "ON CONFLICT (id) DO UPDATE SET status = excluded.status, payment_status = excluded.payment_status, customer_id = excluded.customer_id, " +
        "channel = excluded.channel, currency = excluded.currency, grand_total = excluded.grand_total, instance_id = excluded.instance_id, " +
        "document = excluded.document, updated_at = excluded.updated_at";

    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        sql.Execute(Sql, ("id", order.Id), ("status", order.Status), ("payment_status", order.PaymentStatus), ("customer_id", order.CustomerId),
            ("channel", order.Channel), ("currency", order.Currency), ("grand_total", order.GrandTotal), ("instance_id", order.InstanceId),
            ("document", order.Document), ("created_at", order.CreatedAt), ("updated_at", order.UpdatedAt));
    }
}

/// <summary>
/// Writes the order's row only if it still holds <paramref name="expectedDocument"/>, the row the step started from;
/// otherwise another instance of the order wrote it meanwhile and the whole commit is rejected, so the step runs again
/// on the newer row instead of overwriting it.
/// </summary>
public sealed class SaveStoredOrder(OrderRecord order, string expectedDocument) : UnitWrite
{
    private const string Sql =
        "UPDATE orders SET status = @status, payment_status = @payment_status, customer_id = @customer_id, channel = @channel, currency = @currency, " +
        "grand_total = @grand_total, instance_id = @instance_id, document = @document, updated_at = @updated_at WHERE id = @id AND document = @expected";

    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var changed = sql.Execute(Sql, ("id", order.Id), ("status", order.Status), ("payment_status", order.PaymentStatus), ("customer_id", order.CustomerId),
            ("channel", order.Channel), ("currency", order.Currency), ("grand_total", order.GrandTotal), ("instance_id", order.InstanceId),
            ("document", order.Document), ("updated_at", order.UpdatedAt), ("expected", expectedDocument));
        if (changed != 1)
        {
            throw new CommitConflictException($"Order {order.Id} was changed by another instance since this step read it.");
        }
    }
}

/// <summary>Units to take from one node for one line.</summary>
public sealed record Allocation(string LineId, string NodeId, string Sku, int Quantity, int SafetyStock, string? Day = null);

/// <summary>
/// Reserves every allocation or none: each takes units only while on hand - reserved - safety stock still covers it,
/// so concurrent orders can never reserve more than is there. A second run with the same execution key (the step ran
/// again after a crash) finds the first run's reservations and reserves nothing more.
/// </summary>
public sealed class ReserveStock(string orderId, string executionKey, IReadOnlyList<Allocation> allocations, long now) : UnitWrite
{
    private const string FindSql = "SELECT id, line_id, node_id, sku, quantity FROM reservations WHERE execution_key = @key";

    private const string TakeSql =
        "UPDATE inventory SET reserved = reserved + @quantity, updated_at = @now " +
        "WHERE node_id = @node_id AND sku = @sku AND on_hand - reserved - @safety >= @quantity";

    private const string InsertSql =
        "INSERT INTO reservations (id, order_id, line_id, node_id, sku, quantity, status, execution_key, day, created_at, updated_at) " +
        "VALUES (@id, @order_id, @line_id, @node_id, @sku, @quantity, 'active', @key, @day, @now, @now)";

    private const string LoadSql =
        "INSERT INTO node_loads (node_id, day, units) VALUES (@node_id, @day, @units) " +
        "ON CONFLICT (node_id, day) DO UPDATE SET units = node_loads.units + excluded.units";

    /// <summary>The reservations made (or found), once the unit committed.</summary>
    public IReadOnlyList<ReservationRecord> Reserved { get; private set; } = [];

    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var existing = sql.Query(FindSql, ("key", executionKey));
        if (existing.Count > 0)
        {
            Reserved = [.. existing.Select(r => new ReservationRecord
            {
                Id = (string)r[0]!, OrderId = orderId, LineId = (string)r[1]!, NodeId = (string)r[2]!, Sku = (string)r[3]!,
                Quantity = Convert.ToInt32(r[4], System.Globalization.CultureInfo.InvariantCulture), Status = "active", ExecutionKey = executionKey,
            })];
            return;
        }
        var made = new List<ReservationRecord>(allocations.Count);
        for (var i = 0; i < allocations.Count; i++)
        {
            var a = allocations[i];
            if (sql.Execute(TakeSql, ("quantity", a.Quantity), ("now", now), ("node_id", a.NodeId), ("sku", a.Sku), ("safety", a.SafetyStock)) != 1)
            {
                throw new CommitConflictException($"{a.NodeId} no longer has {a.Quantity} x {a.Sku} available; another order took it first.");
            }
            var record = new ReservationRecord
            {
                Id = executionKey + "/" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), OrderId = orderId, LineId = a.LineId, NodeId = a.NodeId, Sku = a.Sku, Quantity = a.Quantity,
                Status = "active", ExecutionKey = executionKey, Day = a.Day, CreatedAt = now, UpdatedAt = now,
            };
            sql.Execute(InsertSql, ("id", record.Id), ("order_id", orderId), ("line_id", a.LineId), ("node_id", a.NodeId), ("sku", a.Sku),
                ("quantity", a.Quantity), ("key", executionKey), ("day", a.Day), ("now", now));
            if (a.Day is not null)
            {
                sql.Execute(LoadSql, ("node_id", a.NodeId), ("day", a.Day), ("units", a.Quantity));
            }
            made.Add(record);
        }
        Reserved = made;
    }
}

/// <summary>
/// Ends an order's active reservations for some lines (or all): <c>released</c> gives the units back to stock (cancel,
/// re-source), <c>consumed</c> takes them out of on hand too (the parcel left). Only active reservations change, so
/// running it twice changes nothing the second time.
/// </summary>
public sealed class EndReservations(string orderId, IReadOnlyCollection<string>? lineIds, bool consumed, long now) : UnitWrite
{
    private const string ActiveSql = "SELECT id, line_id, node_id, sku, quantity, day FROM reservations WHERE order_id = @order_id AND status = 'active'";

    private const string ReleaseStockSql = "UPDATE inventory SET reserved = reserved - @quantity, updated_at = @now WHERE node_id = @node_id AND sku = @sku";

    private const string ConsumeStockSql =
        "UPDATE inventory SET reserved = reserved - @quantity, on_hand = on_hand - @quantity, updated_at = @now WHERE node_id = @node_id AND sku = @sku";

    private const string UnloadSql = "UPDATE node_loads SET units = units - @units WHERE node_id = @node_id AND day = @day";

    private const string EndSql = "UPDATE reservations SET status = @status, updated_at = @now WHERE id = @id AND status = 'active'";

    /// <summary>Units that went back to stock or out of it, by (node, sku).</summary>
    public List<(string NodeId, string Sku, int Quantity)> Ended { get; } = [];

    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        foreach (var row in sql.Query(ActiveSql, ("order_id", orderId)))
        {
            var lineId = (string)row[1]!;
            if (lineIds is not null && !lineIds.Contains(lineId))
            {
                continue;
            }
            var nodeId = (string)row[2]!;
            var sku = (string)row[3]!;
            var quantity = Convert.ToInt32(row[4], System.Globalization.CultureInfo.InvariantCulture);
            if (sql.Execute(EndSql, ("status", consumed ? "consumed" : "released"), ("now", now), ("id", (string)row[0]!)) != 1)
            {
                continue;
            }
            sql.Execute(consumed ? ConsumeStockSql : ReleaseStockSql, ("quantity", quantity), ("now", now), ("node_id", nodeId), ("sku", sku));
            if (!consumed && row[5] is string day)
            {
                sql.Execute(UnloadSql, ("units", quantity), ("node_id", nodeId), ("day", day));
            }
            Ended.Add((nodeId, sku, quantity));
        }
    }
}

/// <summary>
/// Gives an invoice or credit note its number: the next of its series, without gaps, because the number and the
/// invoice row are written in one transaction. The same step execution always gets the same number back.
/// </summary>
public sealed class AllocateInvoiceNumber(string series, string prefix, string kind, string orderId, string executionKey, string currency, decimal total, long now) : UnitWrite
{
    private const string FindSql = "SELECT number FROM invoices WHERE execution_key = @key";

    private const string EnsureSeriesSql = "INSERT INTO sequences (name, next_value) VALUES (@name, 1) ON CONFLICT (name) DO NOTHING";

    private const string NextSql = "SELECT next_value FROM sequences WHERE name = @name";

    private const string BumpSql = "UPDATE sequences SET next_value = next_value + 1 WHERE name = @name AND next_value = @value";

    private const string InsertSql =
        "INSERT INTO invoices (number, kind, sequence, order_id, execution_key, document_id, currency, total, issued_at) " +
        "VALUES (@number, @kind, @sequence, @order_id, @key, NULL, @currency, @total, @issued_at)";

    public string Number { get; private set; } = string.Empty;

    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (sql.Scalar(FindSql, ("key", executionKey)) is string found)
        {
            Number = found;
            return;
        }
        sql.Execute(EnsureSeriesSql, ("name", series));
        var value = Convert.ToInt64(sql.Scalar(NextSql, ("name", series)), System.Globalization.CultureInfo.InvariantCulture);
        if (sql.Execute(BumpSql, ("name", series), ("value", value)) != 1)
        {
            throw new CommitConflictException($"Invoice series {series} moved on while numbering; try again.");
        }
        Number = prefix + value.ToString("000000", System.Globalization.CultureInfo.InvariantCulture);
        sql.Execute(InsertSql, ("number", Number), ("kind", kind), ("sequence", value), ("order_id", orderId), ("key", executionKey),
            ("currency", currency), ("total", total), ("issued_at", now));
    }
}

/// <summary>Links an issued invoice number to its stored document.</summary>
public sealed class AttachInvoiceDocument(string number, string documentId) : UnitWrite
{
    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        sql.Execute("UPDATE invoices SET document_id = @document_id WHERE number = @number", ("document_id", documentId), ("number", number));
    }
}

/// <summary>Counts one use of each coupon by an order (once per order, however often the step runs).</summary>
public sealed class RedeemCoupons(IReadOnlyList<string> codes, string orderId, string? customerId, long now) : UnitWrite
{
    private const string Sql =
        "INSERT INTO coupon_redemptions (code, order_id, customer_id, created_at) VALUES (@code, @order_id, @customer_id, @now) ON CONFLICT (code, order_id) DO NOTHING";

    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        foreach (var code in codes)
        {
            sql.Execute(Sql, ("code", code), ("order_id", orderId), ("customer_id", customerId), ("now", now));
        }
    }
}

/// <summary>Gives back an order's coupon uses (the order was cancelled).</summary>
public sealed class ReturnCoupons(string orderId) : UnitWrite
{
    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        sql.Execute("DELETE FROM coupon_redemptions WHERE order_id = @order_id", ("order_id", orderId));
    }
}

/// <summary>
/// Raises a purchase request (once per step execution, and only while the node and SKU have no open request), and with
/// it the alert that announces it.
/// </summary>
public sealed class RaisePurchaseRequest(PurchaseRequestRecord request, OrderAlertRecord? alert = null) : UnitWrite
{
    // At most one open request per node and SKU: two reorder checks that both saw the row low (two replenishment
    // instances, or an hourly run beside an event-triggered one) raise it once. A process's writer applies units one
    // after another, so the NOT EXISTS sees the other check's row.
    private const string Sql =
        "INSERT INTO purchase_requests (id, node_id, sku, quantity, status, reason, execution_key, created_at) " +
        "SELECT @id, @node_id, @sku, @quantity, @status, @reason, @key, @created_at " +
        "WHERE NOT EXISTS (SELECT 1 FROM purchase_requests WHERE node_id = @node_id AND sku = @sku AND status = 'open') " +
        "ON CONFLICT (execution_key) DO NOTHING";

    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var raised = sql.Execute(Sql, ("id", request.Id), ("node_id", request.NodeId), ("sku", request.Sku), ("quantity", request.Quantity), ("status", request.Status),
            ("reason", request.Reason), ("key", request.ExecutionKey), ("created_at", request.CreatedAt));
        // The alert announces this request: no request raised (another check's is open), no alert.
        if (raised == 1 && alert is not null)
        {
            new RaiseAlert(alert).Apply(sql);
        }
    }
}

/// <summary>Records an alert for ops (once per id).</summary>
public sealed class RaiseAlert(OrderAlertRecord alert) : UnitWrite
{
    private const string Sql =
        "INSERT INTO order_alerts (id, kind, order_id, instance_id, step, priority, message, created_at, acknowledged_at) " +
        "VALUES (@id, @kind, @order_id, @instance_id, @step, @priority, @message, @created_at, NULL) ON CONFLICT (id) DO NOTHING";

    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        sql.Execute(Sql, ("id", alert.Id), ("kind", alert.Kind), ("order_id", alert.OrderId), ("instance_id", alert.InstanceId), ("step", alert.Step),
            ("priority", alert.Priority), ("message", alert.Message), ("created_at", alert.CreatedAt));
    }
}
