using System.Net;
using Hematology.Integration.Hl7Mapping;

namespace Hematology.Integration.Mllp;

/// <summary>One received message, as given to an <see cref="IMllpMessageHandler"/>.</summary>
public readonly struct MllpRequest
{
    internal MllpRequest(ReadOnlyMemory<byte> payload, string text, Hl7Message message, Hl7Header header, EndPoint? remoteEndPoint, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        Payload = payload;
        Text = text;
        Message = message;
        Header = header;
        RemoteEndPoint = remoteEndPoint;
        ReceivedAt = receivedAt;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the message bytes as received, without MLLP framing.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Gets the decoded message text (segments separated by CR).</summary>
    public string Text { get; }

    /// <summary>Gets the parsed message.</summary>
    public Hl7Message Message { get; }

    /// <summary>Gets the message header (MSH).</summary>
    public Hl7Header Header { get; }

    /// <summary>Gets MSH-10, the message control id.</summary>
    public string ControlId => Header?.ControlId ?? string.Empty;

    /// <summary>Gets the sender's address.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets when the last byte of the frame was read.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Gets a token cancelled when the handler's time bound passes or the server stops abruptly.</summary>
    public CancellationToken CancellationToken { get; }
}
