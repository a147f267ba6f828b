using System.Net;
using Hematology.Integration.Hl7Mapping;

namespace Hematology.Integration.Mllp;

/// <summary>One received message, as given to an <see cref="IMllpMessageHandler"/>.</summary>
public readonly struct MllpRequest
{
    private readonly MllpRequestContent? _content;

    internal MllpRequest(MllpRequestContent content, Hl7Header header, EndPoint? remoteEndPoint, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        _content = content;
        Header = header;
        RemoteEndPoint = remoteEndPoint;
        ReceivedAt = receivedAt;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the message bytes as received, without MLLP framing.</summary>
    public ReadOnlyMemory<byte> Payload => _content?.Payload;

    /// <summary>Gets the decoded message text (segments separated by CR), decoded on first use.</summary>
    public string Text => _content?.Text!;

    /// <summary>
    /// Gets the parsed message, parsed on first use. The server has made sure before calling the handler that the
    /// message parses (an unreadable one is answered AR without reaching the handler).
    /// </summary>
    public Hl7Message Message => _content?.Message!;

    /// <summary>Gets the message header (MSH).</summary>
    public Hl7Header Header { get; }

    /// <summary>Gets MSH-10, the message control id.</summary>
    public string ControlId => Header?.ControlId ?? string.Empty;

    /// <summary>Gets the sender's address.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets when the last byte of the frame was read.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Gets whether <see cref="Message"/> has been parsed so far (for tests).</summary>
    internal bool IsParsed => _content?.IsParsed ?? false;

    /// <summary>Gets a token cancelled when the handler's time bound passes or the server stops abruptly.</summary>
    public CancellationToken CancellationToken { get; }
}
