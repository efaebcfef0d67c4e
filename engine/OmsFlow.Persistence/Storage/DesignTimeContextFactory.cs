using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OmsFlow.Persistence.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host, for either provider.</summary>
/// <remarks>
/// SQLite by default; pass <c>-- --provider Postgres</c> for the PostgreSQL set, e.g.
/// <c>dotnet ef migrations add Initial -o Migrations/Postgres --namespace OmsFlow.Persistence.Migrations.Postgres -- --provider Postgres</c>.
/// No database is contacted while scaffolding, so the PostgreSQL connection string is a placeholder.
/// Both sets keep their snapshot in a file named <c>OmsFlowDbContextModelSnapshot.cs</c>, and <c>dotnet ef</c>
/// overwrites the first such file it finds: move the other provider's snapshot aside while adding a migration.
/// </remarks>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<OmsFlowDbContext>
{
    public OmsFlowDbContext CreateDbContext(string[] args)
    {
        var index = Array.FindIndex(args, a => string.Equals(a, "--provider", StringComparison.OrdinalIgnoreCase));
        var provider = index >= 0 && index + 1 < args.Length ? Enum.Parse<StorageProvider>(args[index + 1], ignoreCase: true) : StorageProvider.Sqlite;
        var settings = provider == StorageProvider.Postgres
            ? new StorageOptions { Provider = provider, ConnectionString = "Host=localhost;Database=omsflow_design" }
            : new StorageOptions { ConnectionString = "Data Source=design.db" };
        var builder = new DbContextOptionsBuilder<OmsFlowDbContext>();
        OmsFlowStorage.Configure(builder, settings);
        return new OmsFlowDbContext(builder.Options);
    }
}
