using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using OmsFlow.Persistence.Cluster;

namespace OmsFlow.Persistence.Storage;

/// <summary>Opening a PostgreSQL database that several server processes may be starting on at the same moment.</summary>
public sealed partial class OmsFlowStorage
{
    private static void ClearPostgresPool(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    /// <summary>
    /// Creates the database if it is missing (tolerating another process creating it first) and migrates it under
    /// the start-up advisory lock, so processes starting together apply the migrations once.
    /// </summary>
    private static async Task MigratePostgresAsync(OmsFlowDbContext context, StorageOptions settings, CancellationToken cancellationToken)
    {
        var creator = context.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await creator.CreateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another process created it between the check and the create.
            }
        }
        var leases = new WorkLeases(settings.EffectiveConnectionString, "migrations", settings.LeaseDuration);
        await using (await leases.AcquireStartupLockAsync(cancellationToken).ConfigureAwait(false))
        {
            await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
