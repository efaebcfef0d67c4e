using System.Data.Common;

namespace OmsFlow.Persistence.Storage;

/// <summary>
/// A change to domain tables (orders, inventory, invoices) written inside a commit unit: in the same transaction and
/// savepoint as the instance's step, so either both are durable or neither is. Writes run on the single writer, one
/// unit after another, so a write that reads and then updates (reserve if available) sees no interleaving writer on
/// SQLite; on PostgreSQL the same statements are guarded by their WHERE clauses and row locks.
/// </summary>
public abstract class UnitWrite
{
    /// <summary>Applies the change. Throw <see cref="CommitConflictException"/> to reject the whole unit.</summary>
    public abstract void Apply(UnitSql sql);
}

/// <summary>Plain SQL (valid on SQLite and PostgreSQL alike) inside the writer's current transaction.</summary>
public sealed class UnitSql
{
    private readonly Func<string, (string Name, object? Value)[], DbCommand> _prepare;

    internal UnitSql(Func<string, (string Name, object? Value)[], DbCommand> prepare) => _prepare = prepare;

    /// <summary>Runs a statement; returns the rows it changed.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters) => _prepare(sql, parameters).ExecuteNonQuery();

    /// <summary>The first column of the first row, or null.</summary>
    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        var value = _prepare(sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Every row, each as its column values (DBNull as null).</summary>
    public List<object?[]> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<object?[]>();
        using var reader = _prepare(sql, parameters).ExecuteReader();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }
}
