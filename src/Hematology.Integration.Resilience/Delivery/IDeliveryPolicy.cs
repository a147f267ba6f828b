namespace Hematology.Integration.Resilience;

/// <summary>
/// Runs the send attempts for one message under the delivery policy: retries with backoff per outcome, the
/// destination's circuit breaker, and the final decision (delivered, quarantine with a reason, or deferred).
/// </summary>
/// <remarks>
/// The caller owns the message: every attempt must resend the same bytes with the same MSH-10, so the receiver can
/// de-duplicate, and after an ACK timeout the caller's transport must close the connection before the next attempt
/// so that a late ACK is never matched to a resend.
/// </remarks>
public interface IDeliveryPolicy
{
    /// <summary>Sends one message until the policy reaches a decision.</summary>
    /// <param name="destination">The destination name; each destination has its own circuit breaker.</param>
    /// <param name="send">Makes one attempt and reports its outcome. An exception other than cancellation counts as <see cref="DeliveryOutcomeKind.SendFailed"/>.</param>
    /// <param name="cancellationToken">Cancels waiting and the current attempt (shutdown, or an emergency pause draining in-flight work).</param>
    /// <returns>The decision, with the last outcome and the number of attempts.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<DeliveryDecision> ExecuteAsync(
        string destination,
        Func<DeliveryAttemptArguments, ValueTask<DeliveryResult>> send,
        CancellationToken cancellationToken = default);

    /// <summary>Gets the current state of a destination's circuit breaker (closed when the destination was never used).</summary>
    /// <param name="destination">The destination name.</param>
    /// <returns>A snapshot of the breaker.</returns>
    CircuitBreakerSnapshot GetCircuit(string destination);
}
