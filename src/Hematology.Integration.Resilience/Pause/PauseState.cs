namespace Hematology.Integration.Resilience;

/// <summary>What started an emergency pause.</summary>
public enum PauseTrigger
{
    /// <summary>An operator paused the pipeline.</summary>
    Manual,

    /// <summary>Too many consecutive ACK timeouts from one destination within the window.</summary>
    ConsecutiveAckTimeouts,

    /// <summary>Too many unacknowledged messages queued in the outbox.</summary>
    OutboxDepth,

    /// <summary>The mean ACK latency of one destination over the window was too high.</summary>
    AckLatency,

    /// <summary>Too many consecutive files failed validation.</summary>
    ValidationFailures,
}

/// <summary>Who or what changed the pause state.</summary>
public enum PauseChangeSource
{
    /// <summary>A trigger fired.</summary>
    Automatic,

    /// <summary>An operator paused or resumed, with a name and a reason.</summary>
    Operator,

    /// <summary>An automated health check passed and lifted the pause.</summary>
    HealthCheck,
}

/// <summary>The emergency pause state: running, or paused with its trigger, reason and start.</summary>
public sealed record PauseState
{
    /// <summary>Gets the running state.</summary>
    public static PauseState Running { get; } = new();

    /// <summary>Gets a value indicating whether the pipeline is paused.</summary>
    public bool IsPaused { get; init; }

    /// <summary>Gets what started the pause, or <see langword="null"/> while running.</summary>
    public PauseTrigger? Trigger { get; init; }

    /// <summary>Gets the reason of the pause (no patient data), or <see langword="null"/> while running.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the operator who paused manually, or <see langword="null"/>.</summary>
    public string? Operator { get; init; }

    /// <summary>Gets when the pause began, or <see langword="null"/> while running.</summary>
    public DateTimeOffset? Since { get; init; }
}

/// <summary>A change of the pause state, as listeners (the pipeline's audit trail, metrics) receive it.</summary>
/// <param name="Previous">The state before the change.</param>
/// <param name="Current">The state after the change.</param>
/// <param name="Source">Who or what made the change.</param>
/// <param name="Operator">The operator's name for operator changes; otherwise <see langword="null"/>.</param>
/// <param name="Reason">Why: the trigger's explanation, the operator's reason, or the health check's result.</param>
/// <param name="At">When the change happened.</param>
public readonly record struct PauseStateChange(PauseState Previous, PauseState Current, PauseChangeSource Source, string? Operator, string Reason, DateTimeOffset At);

/// <summary>What the emergency pause has observed so far, for metrics and health reports.</summary>
/// <param name="OutboxDepth">The last reported outbox depth.</param>
/// <param name="ConsecutiveValidationFailures">Files that failed validation in a row.</param>
/// <param name="MaxConsecutiveAckTimeouts">The longest current run of ACK timeouts, over all destinations, within the window.</param>
/// <param name="MaxMeanAckLatency">The highest mean ACK latency over the window, over all destinations (zero without samples).</param>
/// <param name="PauseCount">How many times the pipeline has paused since start.</param>
/// <param name="LastTrigger">The trigger of the most recent pause, or <see langword="null"/> if it never paused.</param>
public readonly record struct PauseObservations(
    int OutboxDepth,
    int ConsecutiveValidationFailures,
    int MaxConsecutiveAckTimeouts,
    TimeSpan MaxMeanAckLatency,
    int PauseCount,
    PauseTrigger? LastTrigger);
