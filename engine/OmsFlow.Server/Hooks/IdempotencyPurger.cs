using Microsoft.EntityFrameworkCore;

namespace OmsFlow.Server.Hooks;

/// <summary>Deletes expired Idempotency-Key entries hourly, so the table holds about one retention period of keys.</summary>
internal sealed partial class IdempotencyPurger(IdempotencyStore store, TimeProvider clock, ILogger<IdempotencyPurger> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var purged = await store.PurgeAsync(stoppingToken).ConfigureAwait(false);
                if (purged > 0)
                {
                    LogPurged(logger, purged);
                }
            }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
            {
                // Busy database or shutdown: the next round tries again.
                LogPurgeFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} expired idempotency keys")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging expired idempotency keys failed")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
