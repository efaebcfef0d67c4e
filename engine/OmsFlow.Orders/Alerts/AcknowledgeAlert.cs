using OmsFlow.Persistence.Storage;

namespace OmsFlow.Orders.Alerts;

/// <summary>Marks an alert as seen (the first acknowledgement's time is kept). <see cref="Found"/> says whether it exists.</summary>
public sealed class AcknowledgeAlert(string alertId, long now) : UnitWrite
{
    private const string Sql = "UPDATE order_alerts SET acknowledged_at = COALESCE(acknowledged_at, @now) WHERE id = @id";

    /// <summary>Whether the alert exists, once the unit committed.</summary>
    public bool Found { get; private set; }

    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        Found = sql.Execute(Sql, ("now", now), ("id", alertId)) == 1;
    }
}
