namespace Hematology.Integration.Resilience;

/// <summary>Options of the per-destination circuit breaker.</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>
    /// Gets or sets how many consecutive breaker failures open the circuit. Breaker failures are connection failures
    /// (each attempt) and messages that exhausted their ACK-timeout or protocol-error retries; any acknowledgement
    /// (AA, AE, AR) resets the count.
    /// </summary>
    /// <value>The default is 5.</value>
    public int FailureThreshold { get; set; } = ResilienceDefaults.BreakerFailureThreshold;

    /// <summary>Gets or sets how long the circuit stays open before one attempt is let through as a half-open probe.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan BreakDuration { get; set; } = ResilienceDefaults.BreakDuration;
}
