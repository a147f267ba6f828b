namespace Hematology.Integration.Resilience;

/// <summary>The outcome of one send attempt, as the transport (MLLP, HTTP) reports it to the delivery policy.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="AckCode">The acknowledgement code (MSA-1) when an acknowledgement came back; otherwise <see langword="null"/>.</param>
/// <param name="Latency">The time from sending the message to this outcome.</param>
/// <param name="Detail">
/// A short explanation for operators and the audit trail: the ERR text, the mismatching MSA-2, the socket error.
/// It must not contain patient data.
/// </param>
public sealed record DeliveryResult(DeliveryOutcomeKind Kind, string? AckCode, TimeSpan Latency, string Detail)
{
    /// <summary>Gets a value indicating whether the destination answered at all (accepted, application error or rejected).</summary>
    public bool IsAcknowledged => Kind is DeliveryOutcomeKind.Accepted or DeliveryOutcomeKind.ApplicationError or DeliveryOutcomeKind.Rejected;

    /// <summary>Gets a value indicating whether the outcome is a connection-level failure that is not the message's fault.</summary>
    public bool IsConnectionFailure => Kind is DeliveryOutcomeKind.ConnectFailed or DeliveryOutcomeKind.ConnectionClosed or DeliveryOutcomeKind.SendFailed;
}
