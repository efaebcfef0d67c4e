using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Persistence;

/// <summary>
/// The OmsFlow database: definitions, instances, journal, bookmarks, incidents, outbox and issued documents.
/// EF Core owns the schema and migrations and serves queries; the engine's hot commit path writes
/// through <see cref="Storage.GroupCommitWriter"/> with plain SQL over the same tables.
/// </summary>
public sealed partial class OmsFlowDbContext(DbContextOptions<OmsFlowDbContext> options) : DbContext(options)
{
    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();

    public DbSet<DefinitionVersionRecord> DefinitionVersions => Set<DefinitionVersionRecord>();

    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();

    public DbSet<JournalRecord> Journal => Set<JournalRecord>();

    public DbSet<BookmarkRecord> Bookmarks => Set<BookmarkRecord>();

    public DbSet<IncidentRecord> Incidents => Set<IncidentRecord>();

    public DbSet<OutboxRecord> Outbox => Set<OutboxRecord>();

    public DbSet<OutboxAttemptRecord> OutboxAttempts => Set<OutboxAttemptRecord>();

    public DbSet<DocumentRecord> Documents => Set<DocumentRecord>();

    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();

    public DbSet<AuditRecord> Audit => Set<AuditRecord>();

    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    public DbSet<HookSettingsRecord> HookSettings => Set<HookSettingsRecord>();

    public DbSet<HookSecretRecord> HookSecrets => Set<HookSecretRecord>();

    public DbSet<WebhookSubscriptionRecord> WebhookSubscriptions => Set<WebhookSubscriptionRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ConfigureReleases(modelBuilder);

        modelBuilder.Entity<DefinitionRecord>(e =>
        {
            e.ToTable("definitions");
            e.HasKey(x => new { x.Kind, x.Id });
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Id).HasMaxLength(200);
        });
        modelBuilder.Entity<DefinitionVersionRecord>(e =>
        {
            e.ToTable("definition_versions");
            e.HasKey(x => new { x.Kind, x.Id, x.Version });
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Id).HasMaxLength(200);
            e.Property(x => x.Hash).HasMaxLength(64);
        });
        modelBuilder.Entity<InstanceRecord>(e =>
        {
            e.ToTable("instances");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Status).HasMaxLength(16);
            e.HasIndex(x => x.Runnable).HasFilter("runnable");
            e.HasIndex(x => new { x.WorkflowId, x.Status, x.CreatedAt });
            e.HasIndex(x => new { x.Status, x.UpdatedAt });
            // The instance list filters by status and pages newest first: without this it sorts every match (x35 at 100k rows).
            e.HasIndex(x => new { x.Status, x.CreatedAt, x.Id });
            e.HasIndex(x => x.CorrelationKey);
            e.HasIndex(x => new { x.CreatedAt, x.Id });
            // Lease renewal finds a process's claims; released and never-leased rows stay out of the index.
            e.HasIndex(x => x.LeaseOwner).HasFilter("lease_owner IS NOT NULL");
            // Integrator keys list the instances they started.
            e.Property(x => x.StartedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.StartedBy, x.CreatedAt }).HasFilter("started_by IS NOT NULL");
        });
        modelBuilder.Entity<JournalRecord>(e =>
        {
            e.ToTable("journal");
            e.HasKey(x => new { x.InstanceId, x.Seq });
            e.Property(x => x.Kind).HasMaxLength(32);
        });
        modelBuilder.Entity<BookmarkRecord>(e =>
        {
            e.ToTable("bookmarks");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.InstanceId);
            e.HasIndex(x => new { x.Kind, x.Name, x.CorrelationKey });
            e.HasIndex(x => x.DueAt).HasFilter("due_at IS NOT NULL");
            e.HasIndex(x => x.LeaseOwner).HasFilter("lease_owner IS NOT NULL");
        });
        modelBuilder.Entity<IncidentRecord>(e =>
        {
            e.ToTable("incidents");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.InstanceId);
        });
        modelBuilder.Entity<OutboxRecord>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.CorrelationKey);
            e.HasIndex(x => x.InstanceId);
        });
        modelBuilder.Entity<OutboxAttemptRecord>(e =>
        {
            e.ToTable("outbox_attempts");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.MessageId);
        });
        modelBuilder.Entity<DocumentRecord>(e =>
        {
            e.ToTable("documents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.TemplateId).HasMaxLength(200);
            e.Property(x => x.MediaType).HasMaxLength(100);
            e.HasIndex(x => x.InstanceId);
            e.HasIndex(x => x.CorrelationKey);
        });
        ConfigureAccessAndHooks(modelBuilder);
        ConfigureOrders(modelBuilder);
        ConfigurePendingHookMessages(modelBuilder);

        // snake_case columns so hand-written SQL in the commit path reads naturally on SQLite and PostgreSQL alike.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    private static void ConfigureAccessAndHooks(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ApiKeyRecord>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => x.Hash).IsUnique();
        });
        modelBuilder.Entity<AuditRecord>(e =>
        {
            e.ToTable("audit");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.At);
            e.HasIndex(x => new { x.Action, x.At });
        });
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(x => new { x.Scope, x.Key });
            e.Property(x => x.Scope).HasMaxLength(40);
            e.Property(x => x.Key).HasMaxLength(255);
            e.Property(x => x.RequestHash).HasMaxLength(64);
            e.HasIndex(x => x.CreatedAt);
        });
        modelBuilder.Entity<HookSettingsRecord>(e =>
        {
            e.ToTable("hook_settings");
            e.HasKey(x => x.Path);
            e.Property(x => x.Path).HasMaxLength(200);
        });
        modelBuilder.Entity<HookSecretRecord>(e =>
        {
            e.ToTable("hook_secrets");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Path);
        });
        modelBuilder.Entity<WebhookSubscriptionRecord>(e =>
        {
            e.ToTable("webhook_subscriptions");
            e.HasKey(x => x.Id);
        });
    }

    private static string SnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
