using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Persistence;

/// <summary>The releases tables: each release's complete set of definition versions.</summary>
public sealed partial class OmsFlowDbContext
{
    public DbSet<ReleaseRecord> Releases => Set<ReleaseRecord>();

    public DbSet<ReleaseItemRecord> ReleaseItems => Set<ReleaseItemRecord>();

    private static void ConfigureReleases(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReleaseRecord>(e =>
        {
            e.ToTable("releases");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.BundleHash).HasMaxLength(64);
            e.HasIndex(x => x.ActivateAt);
            e.HasIndex(x => x.BundleHash);
        });
        modelBuilder.Entity<ReleaseItemRecord>(e =>
        {
            e.ToTable("release_items");
            e.HasKey(x => new { x.ReleaseId, x.Kind, x.DefinitionId });
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.DefinitionId).HasMaxLength(200);
            e.Property(x => x.Hash).HasMaxLength(64);
        });
    }
}
