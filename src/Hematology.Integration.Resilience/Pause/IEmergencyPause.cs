namespace Hematology.Integration.Resilience;

/// <summary>
/// The emergency pause: stops polling and dispatch when the destination or the input looks unhealthy, raises a
/// critical alert, and resumes only by an operator (name and reason) or a passing health check, as configured.
/// </summary>
/// <remarks>
/// The observation methods are cheap and synchronous, meant for hot paths; when one of them starts a pause, the
/// state changes at once (<see cref="IsPaused"/>, <see cref="PauseToken"/>) and the alert and listeners are
/// notified in the background, in order.
/// </remarks>
public interface IEmergencyPause
{
    /// <summary>Gets the current state.</summary>
    PauseState State { get; }

    /// <summary>Gets a value indicating whether the pipeline is paused.</summary>
    bool IsPaused { get; }

    /// <summary>Gets a token that is cancelled when the next pause begins (already cancelled while paused), so in-flight work can drain.</summary>
    CancellationToken PauseToken { get; }

    /// <summary>Gets what the pause has observed so far, for metrics.</summary>
    PauseObservations Observations { get; }

    /// <summary>Completes at once while running; while paused, completes when the pause is lifted.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when running.</returns>
    ValueTask WaitWhilePausedAsync(CancellationToken cancellationToken = default);

    /// <summary>Reports one send attempt's outcome: ACK timeouts count toward the timeout trigger, acknowledgements reset it and feed the latency window.</summary>
    /// <param name="destination">The destination name.</param>
    /// <param name="result">The attempt's outcome.</param>
    void ReportDelivery(string destination, DeliveryResult result);

    /// <summary>Reports the number of unacknowledged messages queued (all destinations).</summary>
    /// <param name="depth">The outbox depth.</param>
    void ReportOutboxDepth(int depth);

    /// <summary>Reports whether a file passed validation; consecutive failures count toward the validation trigger.</summary>
    /// <param name="succeeded"><see langword="true"/> when the file was accepted.</param>
    void ReportValidation(bool succeeded);

    /// <summary>Pauses the pipeline by an operator's decision.</summary>
    /// <param name="operatorName">The operator's name (required, audited).</param>
    /// <param name="reason">Why (required, audited).</param>
    /// <param name="cancellationToken">Cancels waiting for the notifications (the pause itself is already in effect).</param>
    /// <returns><see langword="true"/> if the pipeline was running and is now paused; <see langword="false"/> if it was already paused.</returns>
    /// <exception cref="ArgumentException">The operator name or reason is empty.</exception>
    ValueTask<bool> PauseAsync(string operatorName, string reason, CancellationToken cancellationToken = default);

    /// <summary>Lifts the pause by an operator's confirmation.</summary>
    /// <param name="operatorName">The operator's name (required, audited).</param>
    /// <param name="reason">Why it is safe to resume (required, audited).</param>
    /// <param name="cancellationToken">Cancels waiting for the notifications.</param>
    /// <returns><see langword="true"/> if the pipeline was paused and now runs; <see langword="false"/> if it was running.</returns>
    /// <exception cref="ArgumentException">The operator name or reason is empty.</exception>
    /// <exception cref="InvalidOperationException"><see cref="EmergencyPauseOptions.ResumeMode"/> is <see cref="ResumeMode.HealthCheck"/>.</exception>
    ValueTask<bool> ResumeAsync(string operatorName, string reason, CancellationToken cancellationToken = default);

    /// <summary>Runs the configured health check while paused and lifts the pause if it passes and the resume mode allows it.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> if the pause was lifted.</returns>
    ValueTask<bool> TryResumeByHealthCheckAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs until cancelled: while paused, calls <see cref="TryResumeByHealthCheckAsync"/> every
    /// <see cref="EmergencyPauseOptions.HealthCheckInterval"/>. Returns at once when the resume mode is
    /// <see cref="ResumeMode.Operator"/> or no health check is configured. Host it in a background service.
    /// </summary>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that completes when the loop stopped.</returns>
    Task RunHealthChecksAsync(CancellationToken cancellationToken);
}
