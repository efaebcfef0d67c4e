using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using OmsFlow.Persistence.Cluster;

namespace OmsFlow.Persistence.Storage;

/// <summary>
/// Opens the configured database: applies migrations, configures SQLite for WAL and durable commits,
/// and hands out query contexts and the single commit writer.
/// </summary>
public sealed partial class OmsFlowStorage : IAsyncDisposable
{
    private readonly DbContextOptions<OmsFlowDbContext> _options;
    private readonly PooledDbContextFactory<OmsFlowDbContext> _contexts;
    private readonly WalCheckpointer? _checkpointer;

    private OmsFlowStorage(StorageOptions settings, DbContextOptions<OmsFlowDbContext> options)
    {
        Settings = settings;
        _options = options;
        // Pooled contexts: building a context per query cost more than the query itself on the engine's hot path.
        _contexts = new PooledDbContextFactory<OmsFlowDbContext>(options, poolSize: 256);
        if (settings.Provider == StorageProvider.Sqlite && settings.SqliteBackgroundCheckpoint && WalCheckpointer.Applies(settings.EffectiveConnectionString))
        {
            _checkpointer = new WalCheckpointer(settings.EffectiveConnectionString, settings.SqliteCheckpointInterval);
        }
        Writer = new GroupCommitWriter(OpenWriterConnection, settings.MaxBatch, _checkpointer is { } checkpointer ? checkpointer.AfterCommit : null);
        Reads = new HotReads(
            settings.Provider == StorageProvider.Sqlite ? SqliteFactory.Instance : Npgsql.NpgsqlFactory.Instance,
            settings.EffectiveConnectionString);
        if (settings.Provider == StorageProvider.Postgres)
        {
            Leases = new WorkLeases(settings.EffectiveConnectionString, WorkLeases.NewOwner(), settings.LeaseDuration);
        }
    }

    /// <summary>
    /// Work sharing between server processes (PostgreSQL); null on SQLite, where one process owns the database and
    /// needs no claims.
    /// </summary>
    public WorkLeases? Leases { get; }

    /// <summary>
    /// Holds the right to do start-up work (deploy reference definitions, sync schedules) until disposed: on PostgreSQL
    /// processes starting together take turns; on SQLite there is one process and nothing to wait for.
    /// </summary>
    public async Task<IAsyncDisposable> AcquireStartupLockAsync(CancellationToken cancellationToken = default)
        => Leases is { } leases ? await leases.AcquireStartupLockAsync(cancellationToken).ConfigureAwait(false) : NoLock.Instance;

    /// <summary>The engine's hot reads, in plain SQL.</summary>
    public HotReads Reads { get; }

    public StorageOptions Settings { get; }

    public GroupCommitWriter Writer { get; }

    /// <summary>Creates the database if needed and applies pending migrations, keeping existing data.</summary>
    public static async Task<OmsFlowStorage> OpenAsync(StorageOptions settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = new DbContextOptionsBuilder<OmsFlowDbContext>();
        Configure(builder, settings);
        var options = builder.Options;
        if (settings.Provider == StorageProvider.Sqlite)
        {
            EnsureSqliteFolder(settings.EffectiveConnectionString);
        }
        await using (var context = new OmsFlowDbContext(options))
        {
            if (settings.Provider == StorageProvider.Postgres)
            {
                await MigratePostgresAsync(context, settings, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
            if (settings.Provider == StorageProvider.Sqlite)
            {
                // WAL persists in the file: readers never block the writer, and commits append instead of rewriting pages.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            }
        }
        return new OmsFlowStorage(settings, options);
    }

    /// <summary>Applies the provider and connection string to an EF options builder (also used at design time).</summary>
    public static void Configure(DbContextOptionsBuilder builder, StorageOptions settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        switch (settings.Provider)
        {
            case StorageProvider.Sqlite:
                builder.UseSqlite(settings.EffectiveConnectionString);
                break;
            case StorageProvider.Postgres:
                builder.UseNpgsql(settings.EffectiveConnectionString);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown storage provider.");
        }
        builder.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly, ProviderMigrationsAssembly>();
    }

    /// <summary>A new context for queries and for administrative writes (definitions).</summary>
    public OmsFlowDbContext CreateContext() => _contexts.CreateDbContext();

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync().ConfigureAwait(false);
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
        }
        if (Settings.Provider == StorageProvider.Postgres)
        {
            // Give the server its connections back now rather than when idle pooled connections are pruned minutes later.
            ClearPostgresPool(Settings.EffectiveConnectionString);
            Leases?.ClearPool();
        }
    }

    private DbConnection OpenWriterConnection()
    {
        using var context = CreateContext();
        var template = context.Database.GetDbConnection();
        var connection = (DbConnection)Activator.CreateInstance(template.GetType())!;
        connection.ConnectionString = template.ConnectionString;
        connection.Open();
        if (Settings.Provider == StorageProvider.Sqlite)
        {
            using var command = connection.CreateCommand();
            var synchronous = Settings.SqliteSynchronous.Equals("NORMAL", StringComparison.OrdinalIgnoreCase) ? "NORMAL" : "FULL";
#pragma warning disable CA2100 // The pragma value is one of two constants chosen above.
            command.CommandText = $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000;";
#pragma warning restore CA2100
            command.ExecuteNonQuery();
            if (_checkpointer is not null)
            {
                WalCheckpointer.ConfigureWriter(connection);
            }
        }
        return connection;
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(source));
        if (!string.IsNullOrEmpty(folder) && source != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }
}
