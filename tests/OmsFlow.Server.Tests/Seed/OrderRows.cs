using Microsoft.Data.Sqlite;
using OmsFlow.Orders.Model;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Seed;

/// <summary>Writes an order row straight into a harness server's database, as the order flow would have left it.</summary>
internal static class OrderRows
{
    public static async Task InsertAsync(ServerHarness server, Order order)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(server.Folder, "omsflow.db")}");
        await connection.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO orders (id, status, payment_status, currency, grand_total, document, created_at, updated_at) " +
            "VALUES (@id, @status, 'Authorized', 'USD', 0, @document, 0, 0)";
        insert.Parameters.AddWithValue("@id", order.Id);
        insert.Parameters.AddWithValue("@status", order.Status.ToString());
        insert.Parameters.AddWithValue("@document", OrderJson.Serialize(order));
        await insert.ExecuteNonQueryAsync();
    }
}
