namespace OmsFlow.Workflows.Runtime;

/// <summary>Engine settings (configuration section <c>Engine</c>).</summary>
public sealed class EngineOptions
{
    /// <summary>Instances run concurrently by background workers. Default: 4 per core.</summary>
    public int Workers { get; set; } = Environment.ProcessorCount * 4;

    /// <summary>How often due timers are looked for when none is known to be closer.</summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Timers fired per poll at most.</summary>
    public int TimerBatch { get; set; } = 500;

    /// <summary>Run timers and background workers (off in tests that drive the engine step by step).</summary>
    public bool RunBackground { get; set; } = true;
}
