namespace Hematology.Integration.Resilience;

/// <summary>
/// Options of the emergency pause: the triggers that stop polling and dispatch, and how a pause may be lifted.
/// A threshold of 0 disables its trigger.
/// </summary>
public sealed class EmergencyPauseOptions
{
    /// <summary>Gets or sets how many consecutive ACK timeouts from one destination, within <see cref="AckTimeoutWindow"/>, pause the pipeline.</summary>
    /// <value>The default is 5. Zero disables the trigger.</value>
    public int ConsecutiveAckTimeouts { get; set; } = ResilienceDefaults.ConsecutiveAckTimeouts;

    /// <summary>Gets or sets the window the consecutive ACK timeouts must fall within (first to last).</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan AckTimeoutWindow { get; set; } = ResilienceDefaults.AckTimeoutWindow;

    /// <summary>Gets or sets the outbox depth (unacknowledged messages queued) above which the pipeline pauses.</summary>
    /// <value>The default is 200: 201 queued messages pause, 200 do not. Zero disables the trigger.</value>
    public int MaxOutboxDepth { get; set; } = ResilienceDefaults.MaxOutboxDepth;

    /// <summary>Gets or sets the mean ACK latency of one destination, over <see cref="AckLatencyWindow"/>, above which the pipeline pauses.</summary>
    /// <value>The default is 8 seconds. <see cref="TimeSpan.Zero"/> disables the trigger.</value>
    public TimeSpan AckLatencyThreshold { get; set; } = ResilienceDefaults.AckLatencyThreshold;

    /// <summary>Gets or sets the sliding window over which the mean ACK latency is computed.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan AckLatencyWindow { get; set; } = ResilienceDefaults.AckLatencyWindow;

    /// <summary>Gets or sets how many ACKs the latency window must hold before its mean can pause the pipeline (one slow ACK is not a trend).</summary>
    /// <value>The default is 5.</value>
    public int AckLatencyMinimumSamples { get; set; } = ResilienceDefaults.AckLatencyMinimumSamples;

    /// <summary>Gets or sets how many consecutive files failing validation pause the pipeline.</summary>
    /// <value>The default is 5. Zero disables the trigger.</value>
    public int ConsecutiveValidationFailures { get; set; } = ResilienceDefaults.ConsecutiveValidationFailures;

    /// <summary>Gets or sets who may lift a pause.</summary>
    /// <value>The default is <see cref="ResumeMode.Operator"/>.</value>
    public ResumeMode ResumeMode { get; set; } = ResumeMode.Operator;

    /// <summary>Gets or sets how often <see cref="IEmergencyPause.RunHealthChecksAsync"/> runs the health check while paused.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan HealthCheckInterval { get; set; } = ResilienceDefaults.HealthCheckInterval;

    /// <summary>Gets or sets how long one automated health check may take before it counts as failed.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan HealthCheckTimeout { get; set; } = ResilienceDefaults.HealthCheckTimeout;
}
