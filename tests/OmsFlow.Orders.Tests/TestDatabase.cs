using OmsFlow.Persistence.Storage;

namespace OmsFlow.Orders.Tests;

/// <summary>A migrated SQLite database in its own temporary folder, deleted on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _folder;

    private TestDatabase(string folder, OmsFlowStorage storage)
    {
        _folder = folder;
        Storage = storage;
    }

    public OmsFlowStorage Storage { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "omsflow-orders-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var storage = await OmsFlowStorage.OpenAsync(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(folder, "orders.db")}", SqliteSynchronous = "NORMAL" });
        return new TestDatabase(folder, storage);
    }

    public async ValueTask DisposeAsync()
    {
        await Storage.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
