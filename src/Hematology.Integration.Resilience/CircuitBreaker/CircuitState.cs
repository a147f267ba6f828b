namespace Hematology.Integration.Resilience;

/// <summary>The state of a destination's circuit breaker.</summary>
public enum CircuitState
{
    /// <summary>Attempts flow normally.</summary>
    Closed,

    /// <summary>Too many consecutive breaker failures: attempts wait until the break duration has passed.</summary>
    Open,

    /// <summary>The break duration has passed: the next attempt is a probe whose result closes or reopens the circuit.</summary>
    HalfOpen,
}

/// <summary>A snapshot of one destination's circuit breaker, for health checks and metrics.</summary>
/// <param name="Destination">The destination name.</param>
/// <param name="State">The state.</param>
/// <param name="ConsecutiveFailures">Breaker failures since the last acknowledgement.</param>
/// <param name="OpenedAt">When the circuit last opened, or <see langword="null"/> if it never did.</param>
/// <param name="TimesOpened">How many times the circuit has opened since start.</param>
public sealed record CircuitBreakerSnapshot(string Destination, CircuitState State, int ConsecutiveFailures, DateTimeOffset? OpenedAt, int TimesOpened);
