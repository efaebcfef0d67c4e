using Microsoft.Data.Sqlite;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Persistence.Tests.Storage;

/// <summary>The writer's contract on the embedded default: a SQLite file in WAL mode.</summary>
public sealed class SqliteGroupCommitWriterTests : GroupCommitWriterTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omsflow-persistence", Guid.NewGuid().ToString("N"));

    protected override Task<StorageOptions> CreateDatabaseAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.FromResult(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "t.db")}" });
    }

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
