namespace Hematology.Integration.Resilience;

/// <summary>What the delivery policy decided for a message after all of its attempts.</summary>
public enum DeliveryDecisionKind
{
    /// <summary>The message was accepted (AA/CA): move it to <c>sent/</c>.</summary>
    Delivered,

    /// <summary>Give up on this message: quarantine it under <see cref="DeliveryDecision.QuarantineReason"/>.</summary>
    Quarantine,

    /// <summary>
    /// Not delivered, but not the message's fault either (the destination could not be reached within
    /// <see cref="DeliveryPolicyOptions.MaxConnectionRetries"/>): leave it in the outbox and try again later.
    /// Never returned when connection retries are unlimited (the default).
    /// </summary>
    Deferred,
}

/// <summary>The delivery policy's decision for one message.</summary>
/// <param name="Kind">Delivered, quarantine or deferred.</param>
/// <param name="LastResult">The last attempt's outcome.</param>
/// <param name="Attempts">How many attempts were made (1 when the first attempt settled it).</param>
/// <param name="QuarantineReason">
/// When <paramref name="Kind"/> is <see cref="DeliveryDecisionKind.Quarantine"/>, the reason, one of
/// <see cref="DeliveryQuarantineReasons"/> (the spool's quarantine folder names); otherwise <see langword="null"/>.
/// </param>
public sealed record DeliveryDecision(DeliveryDecisionKind Kind, DeliveryResult LastResult, int Attempts, string? QuarantineReason)
{
    /// <summary>Gets the number of retries (attempts after the first).</summary>
    public int Retries => Math.Max(0, Attempts - 1);
}

/// <summary>The quarantine reasons the delivery policy decides; they match the spool's folder names under <c>quarantine/</c>.</summary>
public static class DeliveryQuarantineReasons
{
    /// <summary>No ACK after the allowed retries (or drained by an emergency pause).</summary>
    public const string AckTimeout = "ack_timeout";

    /// <summary>AE/CE after the allowed retries.</summary>
    public const string ApplicationError = "application_error";

    /// <summary>AR/CR: rejected, never retried.</summary>
    public const string Rejected = "rejected";

    /// <summary>Replies that are not a matching ACK (unframed, unparseable, MSA-2 ≠ MSH-10) after the allowed retries.</summary>
    public const string ProtocolError = "protocol_error";
}
