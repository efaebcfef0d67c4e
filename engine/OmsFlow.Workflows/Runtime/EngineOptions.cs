namespace OmsFlow.Workflows.Runtime;

/// <summary>Engine settings (configuration section <c>Engine</c>).</summary>
public sealed class EngineOptions
{
    /// <summary>Instances run concurrently by background workers. Default: 4 per core.</summary>
    public int Workers { get; set; } = Environment.ProcessorCount * 4;

    /// <summary>How often due timers are looked for when none is known to be closer.</summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// PostgreSQL scale-out: while a process listens for other processes' notifications of ready work, how often it
    /// looks for runnable instances and due timers anyway (a notification can be missed). Default 10 seconds; while
    /// the listening connection is down, <see cref="TimerPollInterval"/> applies.
    /// </summary>
    public TimeSpan ClusterPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timers fired per poll at most.</summary>
    public int TimerBatch { get; set; } = 500;

    /// <summary>
    /// PostgreSQL scale-out: how long a resume (hook, signal, timer) waits for another process to finish with the
    /// instance before giving up; the bookmark stays and a timer fires on a later poll. Default 10 seconds.
    /// </summary>
    public TimeSpan ClaimWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Run timers and background workers (off in tests that drive the engine step by step).</summary>
    public bool RunBackground { get; set; } = true;
}
