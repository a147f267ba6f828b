namespace Hematology.Integration.Mllp;

/// <summary>How one send → ACK exchange ended. Every value needs a different reaction; see docs/mllp.md.</summary>
public enum MllpOutcome
{
    /// <summary>The receiver accepted the message: MSA-1 is AA (original mode) or CA (enhanced-mode commit accept), and MSA-2 equals MSH-10.</summary>
    Accepted,

    /// <summary>The receiver answered AE or CE: it could not process the message. Do not resend it unchanged.</summary>
    ApplicationError,

    /// <summary>The receiver answered AR or CR: it rejected the message (structure, type, version or processing id). Do not resend it unchanged.</summary>
    Rejected,

    /// <summary>No ACK arrived within the ACK timeout. The connection was closed, so a late ACK cannot be taken for the next message; a resend with the same MSH-10 is safe.</summary>
    AckTimeout,

    /// <summary>No connection could be made (refused, unreachable, connect timeout, TLS handshake or certificate failure). The message was not sent.</summary>
    ConnectFailed,

    /// <summary>The connection broke while sending or before a complete ACK arrived. The receiver may or may not have processed the message.</summary>
    ConnectionClosed,

    /// <summary>The reply broke the protocol: not framed, not an ACK, too large, or an ACK for another message (MSA-2 ≠ MSH-10). See <see cref="MllpSendResult.ProtocolError"/>.</summary>
    ProtocolError,
}

/// <summary>Which protocol rule a reply broke (with <see cref="MllpOutcome.ProtocolError"/>).</summary>
public enum MllpProtocolError
{
    /// <summary>No protocol error.</summary>
    None,

    /// <summary>Bytes other than CR/LF arrived outside an MLLP frame (an unframed ACK or garbage).</summary>
    UnframedReply,

    /// <summary>The frame was not an ACK: no MSH or MSA segment, or an unknown MSA-1 code.</summary>
    UnparseableAck,

    /// <summary>The ACK's MSA-2 is not the MSH-10 of the message just sent: an ACK for another message.</summary>
    ControlIdMismatch,

    /// <summary>The reply frame exceeded the maximum frame size.</summary>
    FrameTooLarge,
}
