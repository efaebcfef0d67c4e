using OmsFlow.Persistence.Storage;

namespace OmsFlow.Orders.Returns;

/// <summary>
/// Puts returned units back on hand at the node that received them (a row is created for a node that never stocked the
/// SKU). Unlike a supplier delivery it leaves <c>inbound</c> alone: returns were never on order.
/// </summary>
public sealed class ReturnStock(string nodeId, string sku, int quantity, long now) : UnitWrite
{
    private const string Sql =
        "INSERT INTO inventory (node_id, sku, on_hand, reserved, safety_stock, inbound, reorder_point, updated_at) VALUES (@node_id, @sku, @quantity, 0, 0, 0, 0, @now) " +
        "ON CONFLICT (node_id, sku) DO UPDATE SET on_hand = inventory.on_hand + excluded.on_hand, updated_at = excluded.updated_at";

    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        sql.Execute(Sql, ("node_id", nodeId), ("sku", sku), ("quantity", quantity), ("now", now));
    }
}
