using OmsFlow.Persistence.Storage;
using OmsFlow.Persistence.Tests.Storage;

namespace OmsFlow.Persistence.Tests.Postgres;

/// <summary>The writer's contract on a real PostgreSQL 15 server, one database per test.</summary>
public sealed class PostgresGroupCommitWriterTests(PostgresFixture postgres) : GroupCommitWriterTests, IClassFixture<PostgresFixture>
{
    protected override async Task<StorageOptions> CreateDatabaseAsync()
        => new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = await postgres.Server.CreateDatabaseAsync() };

    protected override Task DropDatabaseAsync() => Task.CompletedTask;
}
