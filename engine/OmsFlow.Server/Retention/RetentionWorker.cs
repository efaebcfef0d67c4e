using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Workflows.Retention;

namespace OmsFlow.Server.Retention;

/// <summary>Sweeps finished instances right after start-up and then every <see cref="RetentionOptions.Interval"/>, when retention is on.</summary>
internal sealed partial class RetentionWorker(InstanceRetention retention, TimeProvider clock, ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!retention.Options.Enabled)
        {
            return;
        }
        // Start-up goes on while the first sweep runs.
        await Task.Yield();
        var interval = retention.Options.Interval > TimeSpan.Zero ? retention.Options.Interval : TimeSpan.FromHours(1);
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                var result = await retention.SweepAsync(stoppingToken).ConfigureAwait(false);
                if (result.Ran && result.Instances > 0)
                {
                    LogSwept(logger, result.Instances, result.OlderThan, result.ArchiveFiles.Count);
                }
            }
            catch (Exception ex) when (ex is DbException or DbUpdateException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // A busy database, a full disk or a shutdown: nothing was deleted that was not archived; the next round tries again.
                LogSweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {Count} finished instances last changed before {OlderThan} ({Files} archive files)")]
    private static partial void LogSwept(ILogger logger, int count, DateTimeOffset? olderThan, int files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
