namespace Hematology.Integration.Pipeline;

/// <summary>What the delivery policy decided for a message after all its attempts.</summary>
internal enum DeliveryDecisionKind
{
    /// <summary>AA/CA with MSA-2 equal to MSH-10: move to sent/.</summary>
    Delivered,

    /// <summary>Give up on this message: quarantine it with the reason.</summary>
    Quarantine,
}

/// <summary>The delivery policy's decision.</summary>
/// <param name="Kind">Delivered or quarantine.</param>
/// <param name="Last">The last attempt's outcome.</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="QuarantineReason">The quarantine folder (one of <see cref="Spool.QuarantineReasons"/>) when quarantining.</param>
internal sealed record DeliveryDecision(DeliveryDecisionKind Kind, DeliveryAttempt Last, int Attempts, string? QuarantineReason);

/// <summary>Runs send attempts under the delivery policy (retries, backoff, breaker).</summary>
internal interface IDeliveryPolicyPort
{
    /// <param name="destination">The destination, for its circuit breaker.</param>
    /// <param name="send">One attempt; the argument is the attempt number (1, 2, …).</param>
    /// <param name="cancellationToken">Cancels waiting (shutdown, or an emergency pause draining in-flight work).</param>
    ValueTask<DeliveryDecision> ExecuteAsync(string destination, Func<int, CancellationToken, ValueTask<DeliveryAttempt>> send, CancellationToken cancellationToken);
}

/// <summary>The emergency pause as the pipeline uses it.</summary>
internal interface IPausePort
{
    bool IsPaused { get; }

    /// <summary>A token cancelled when the pause begins, so in-flight work can be drained to quarantine.</summary>
    CancellationToken PauseToken { get; }

    ValueTask WaitWhilePausedAsync(CancellationToken cancellationToken);

    void ObserveDelivery(string destination, DeliveryAttempt attempt);

    void ObserveOutboxDepth(int depth);

    void ObserveValidation(bool succeeded);
}
