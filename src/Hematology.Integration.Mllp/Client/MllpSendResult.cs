using Hematology.Integration.Hl7Mapping;

namespace Hematology.Integration.Mllp;

/// <summary>The result of sending one message: the outcome, the ACK when there is one, and how long the exchange took.</summary>
/// <remarks>Failures are results, not exceptions: only cancellation by the caller and invalid arguments throw.</remarks>
public sealed class MllpSendResult
{
    internal MllpSendResult(MllpOutcome outcome, string controlId, TimeSpan latency, Hl7Ack? ack, MllpProtocolError protocolError, string? detail, Exception? exception)
    {
        Outcome = outcome;
        ControlId = controlId;
        Latency = latency;
        Ack = ack;
        ProtocolError = protocolError;
        Detail = detail;
        Exception = exception;
    }

    /// <summary>Gets how the exchange ended.</summary>
    public MllpOutcome Outcome { get; }

    /// <summary>Gets the MSH-10 of the message that was sent.</summary>
    public string ControlId { get; }

    /// <summary>Gets the time from the start of the write to the end of the exchange (ACK, timeout or failure); zero when no connection was made.</summary>
    public TimeSpan Latency { get; }

    /// <summary>Gets the parsed ACK, when one arrived (also for a <see cref="MllpProtocolError.ControlIdMismatch"/>).</summary>
    public Hl7Ack? Ack { get; }

    /// <summary>Gets the protocol rule the reply broke, for <see cref="MllpOutcome.ProtocolError"/>.</summary>
    public MllpProtocolError ProtocolError { get; }

    /// <summary>Gets a short description of what happened, without message content (safe to log).</summary>
    public string? Detail { get; }

    /// <summary>Gets the exception behind a <see cref="MllpOutcome.ConnectFailed"/> or <see cref="MllpOutcome.ConnectionClosed"/>, if any.</summary>
    public Exception? Exception { get; }

    /// <summary>Gets whether the receiver accepted the message (AA or CA for this very message).</summary>
    public bool IsAccepted => Outcome == MllpOutcome.Accepted;

    /// <inheritdoc />
    public override string ToString()
        => $"{Outcome}{(ProtocolError != MllpProtocolError.None ? $" ({ProtocolError})" : string.Empty)} for {ControlId} in {Latency.TotalMilliseconds:0.#} ms{(Ack is null ? string.Empty : $", MSA-1 {Ack.Code.ToHl7()}")}{(Detail is null ? string.Empty : $": {Detail}")}";
}
