using OmsFlow.Workflows.Outbox;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Server.Hosting;

/// <summary>
/// Brings the engine up after the database is migrated: deploys the reference definitions into an empty
/// database, then starts workers and timers (which also re-run instances a crash interrupted).
/// </summary>
/// <remarks>
/// On PostgreSQL several processes may start together on one database: the deploy and the engine's start-up work
/// (schedule rows) run under the storage's start-up lock, one process at a time, so the definitions deploy once.
/// </remarks>
internal sealed partial class EngineHost(
    WorkflowEngine engine, OutboxDispatcher outbox, DefinitionDeployer deployer, DefinitionsFolder folder, ILogger<EngineHost> logger) : IHostedService
{
    private volatile bool _running;

    public bool IsRunning => _running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        engine.BackgroundError += (id, ex) => LogBackgroundError(logger, id ?? "(background)", ex);
        await using (await engine.Storage.AcquireStartupLockAsync(cancellationToken).ConfigureAwait(false))
        {
            if (folder.Path is { } path)
            {
                var report = await deployer.DeployIfEmptyAsync(path, cancellationToken).ConfigureAwait(false);
                if (report.Deployed)
                {
                    LogDeployed(logger, report.Published.Count, path);
                }
                foreach (var problem in report.Problems)
                {
                    LogDeployProblem(logger, problem.ToString());
                }
            }
            engine.OutboxChanged += outbox.Wake;
            outbox.DeliveryFailed += (message, ex) => LogDeliveryFailed(logger, message.Id, message.Channel, message.Attempts, ex.Message);
            await engine.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        outbox.Start();
        _running = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        await engine.DisposeAsync().ConfigureAwait(false);
        await outbox.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background work failed for instance {InstanceId}")]
    private static partial void LogBackgroundError(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of {MessageId} ({Channel}) failed on attempt {Attempt}: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string messageId, string channel, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployed {Count} reference definitions from {Path}")]
    private static partial void LogDeployed(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Definition not deployed: {Problem}")]
    private static partial void LogDeployProblem(ILogger logger, string problem);
}

/// <summary>Where the reference definitions live (setting <c>Definitions:Path</c>, else the repository's definitions/ folder).</summary>
internal sealed class DefinitionsFolder(string? path)
{
    public string? Path { get; } = path;

    public static DefinitionsFolder Locate(IConfiguration configuration)
    {
        if (configuration["Definitions:Path"] is { Length: > 0 } configured)
        {
            return new DefinitionsFolder(string.Equals(configured, "none", StringComparison.OrdinalIgnoreCase) ? null : System.IO.Path.GetFullPath(configured));
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "definitions");
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "OmsFlow.sln")) && Directory.Exists(candidate))
                {
                    return new DefinitionsFolder(candidate);
                }
            }
        }
        return new DefinitionsFolder(null);
    }
}
