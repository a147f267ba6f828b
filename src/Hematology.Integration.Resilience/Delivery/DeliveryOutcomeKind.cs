namespace Hematology.Integration.Resilience;

/// <summary>
/// What one send attempt to a destination produced. The kinds are deliberately distinct: a connection that could
/// not be opened is not an ACK timeout, and an ACK for another message is not a success.
/// </summary>
public enum DeliveryOutcomeKind
{
    /// <summary>The destination accepted the message (HL7 <c>AA</c> or <c>CA</c>, with MSA-2 equal to MSH-10).</summary>
    Accepted,

    /// <summary>The destination reported an application error (HL7 <c>AE</c> or <c>CE</c>).</summary>
    ApplicationError,

    /// <summary>The destination rejected the message (HL7 <c>AR</c> or <c>CR</c>).</summary>
    Rejected,

    /// <summary>No acknowledgement arrived within the ACK timeout; the connection should be closed before a resend.</summary>
    AckTimeout,

    /// <summary>The connection to the destination could not be opened (refused, unreachable, TLS failure, connect timeout).</summary>
    ConnectFailed,

    /// <summary>The destination closed the connection before an acknowledgement arrived.</summary>
    ConnectionClosed,

    /// <summary>
    /// The reply was not a usable acknowledgement: an unframed reply, an ACK that cannot be parsed, or an ACK whose
    /// MSA-2 differs from the message's MSH-10.
    /// </summary>
    ProtocolError,

    /// <summary>Writing the message failed (the socket broke while sending, or the sender threw).</summary>
    SendFailed,
}
