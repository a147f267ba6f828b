using Hematology.Integration.Hl7Mapping;

namespace Hematology.Integration.Mllp;

/// <summary>What the server does with a message: send an ACK it builds, send a given ACK, stay silent or close.</summary>
public readonly struct MllpResponse
{
    private MllpResponse(MllpResponseKind kind, AckCode code, string? text, IReadOnlyList<AckError>? errors, ReadOnlyMemory<byte> ackMessage)
    {
        Kind = kind;
        Code = code;
        Text = text;
        Errors = errors;
        AckMessage = ackMessage;
    }

    /// <summary>Gets an AA acknowledgment (the default handler's answer).</summary>
    public static MllpResponse Accept { get; } = new(MllpResponseKind.Ack, AckCode.ApplicationAccept, null, null, default);

    /// <summary>Gets a response that sends nothing and keeps the connection open (to simulate a silent receiver).</summary>
    public static MllpResponse NoReply { get; } = new(MllpResponseKind.NoReply, default, null, null, default);

    /// <summary>Gets a response that closes the connection without an ACK (to simulate a failing receiver).</summary>
    public static MllpResponse CloseConnection { get; } = new(MllpResponseKind.Close, default, null, null, default);

    /// <summary>Gets what the server does.</summary>
    public MllpResponseKind Kind { get; }

    /// <summary>Gets the MSA-1 code of an ACK the server builds.</summary>
    public AckCode Code { get; }

    /// <summary>Gets MSA-3 of an ACK the server builds (never patient data).</summary>
    public string? Text { get; }

    /// <summary>Gets the ERR segments of an ACK the server builds.</summary>
    public IReadOnlyList<AckError>? Errors { get; }

    /// <summary>Gets a complete ACK (no MLLP framing) to send as is, for <see cref="MllpResponseKind.RawAck"/>.</summary>
    public ReadOnlyMemory<byte> AckMessage { get; }

    /// <summary>Creates an ACK the server builds for the message (MSA-2 = its MSH-10).</summary>
    /// <param name="code">MSA-1.</param>
    /// <param name="text">MSA-3, a short text without patient data.</param>
    /// <param name="errors">ERR segments; a negative code without errors gets ERR-3 207.</param>
    /// <returns>The response.</returns>
    public static MllpResponse Ack(AckCode code, string? text = null, IReadOnlyList<AckError>? errors = null)
        => new(MllpResponseKind.Ack, code, text, errors, default);

    /// <summary>Creates an AE acknowledgment with one error.</summary>
    /// <param name="error">The error (ERR-2/3/4/8).</param>
    /// <param name="text">MSA-3.</param>
    /// <returns>The response.</returns>
    public static MllpResponse ApplicationError(AckError error, string? text = null)
        => new(MllpResponseKind.Ack, AckCode.ApplicationError, text, [error], default);

    /// <summary>Creates an AR acknowledgment with one error.</summary>
    /// <param name="error">The error (ERR-2/3/4/8).</param>
    /// <param name="text">MSA-3.</param>
    /// <returns>The response.</returns>
    public static MllpResponse Reject(AckError error, string? text = null)
        => new(MllpResponseKind.Ack, AckCode.ApplicationReject, text, [error], default);

    /// <summary>Creates a response that sends a complete ACK as is (framed by the server).</summary>
    /// <param name="ackMessage">The ACK's bytes, without MLLP framing.</param>
    /// <returns>The response.</returns>
    public static MllpResponse Raw(ReadOnlyMemory<byte> ackMessage) => new(MllpResponseKind.RawAck, default, null, null, ackMessage);
}

/// <summary>What an <see cref="MllpResponse"/> asks the server to do.</summary>
public enum MllpResponseKind
{
    /// <summary>Build and send an ACK.</summary>
    Ack,

    /// <summary>Send <see cref="MllpResponse.AckMessage"/> as is.</summary>
    RawAck,

    /// <summary>Send nothing; keep the connection open.</summary>
    NoReply,

    /// <summary>Close the connection without an ACK.</summary>
    Close,
}
