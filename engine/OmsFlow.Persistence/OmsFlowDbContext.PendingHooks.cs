using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Persistence;

/// <summary>Hook calls buffered for instances that do not wait for them yet.</summary>
public sealed partial class OmsFlowDbContext
{
    public DbSet<PendingHookMessageRecord> PendingHookMessages => Set<PendingHookMessageRecord>();

    private static void ConfigurePendingHookMessages(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PendingHookMessageRecord>(e =>
        {
            e.ToTable("pending_hook_messages");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).ValueGeneratedOnAdd();
            e.Property(x => x.Path).HasMaxLength(200);
            e.HasIndex(x => new { x.Path, x.Key, x.Seq });
            e.HasIndex(x => x.ExpiresAt);
        });
    }
}
