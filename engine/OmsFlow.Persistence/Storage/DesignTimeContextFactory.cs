using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OmsFlow.Persistence.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host.</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<OmsFlowDbContext>
{
    public OmsFlowDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<OmsFlowDbContext>();
        OmsFlowStorage.Configure(builder, new StorageOptions { ConnectionString = "Data Source=design.db" });
        return new OmsFlowDbContext(builder.Options);
    }
}
