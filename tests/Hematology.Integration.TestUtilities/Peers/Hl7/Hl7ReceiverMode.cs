namespace Hematology.Integration.Testing.Peers;

/// <summary>What a peer HL7 receiver does with each message it gets (see tests/peers/hl7_mllp_server.py).</summary>
public enum Hl7ReceiverMode
{
    /// <summary>Reply AA.</summary>
    Ack,

    /// <summary>Reply AE with MSA-3 text and an ERR segment.</summary>
    ApplicationError,

    /// <summary>Reply AR with MSA-3 text and an ERR segment.</summary>
    Reject,

    /// <summary>Reply CA (enhanced-mode commit accept). python3-hl7 only.</summary>
    CommitAccept,

    /// <summary>Wait the configured delay, then reply AA.</summary>
    Delay,

    /// <summary>Never reply; keep the connection open.</summary>
    NoReply,

    /// <summary>Read the message, then close the connection without a reply.</summary>
    Close,

    /// <summary>Send the start block and half an ACK, then close.</summary>
    Partial,

    /// <summary>Close the connection after the first 16 bytes of an incoming frame. python3-hl7 and @medplum/hl7 (a raw listener).</summary>
    MidClose,

    /// <summary>Reply AA with an MSA-2 that is not the message's MSH-10 (set through the library's own segment API where it has one).</summary>
    WrongControlId,

    /// <summary>Reply the library's ACK without MLLP framing.</summary>
    Unframed,

    /// <summary>Reply bytes that are neither a frame nor HL7.</summary>
    Garbage,
}

/// <summary>The npm HL7 libraries that can act as a receiver (see tests/peers/hl7_node_server.js).</summary>
public enum NodeHl7Library
{
    /// <summary>@medplum/hl7 4.5.2: correct on persistent connections; loses a frame whose FS and CR arrive in separate packets.</summary>
    Medplum,

    /// <summary>simple-hl7 3.3.0: loses the second of two frames in one packet.</summary>
    SimpleHl7,

    /// <summary>node-hl7-server 2.5.0: only one message per connection works (its buffer is never reset).</summary>
    NodeHl7Server,
}
