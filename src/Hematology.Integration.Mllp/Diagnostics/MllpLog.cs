using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Mllp.Diagnostics;

/// <summary>The package's log messages (EventIds 4000–4199). No payloads except the <c>*Payload</c> messages, which only run with LogPayloads.</summary>
internal static partial class MllpLog
{
    // Sender: 4000-4099
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "MLLP connecting to {Host}:{Port} (attempt {Attempt} of {Attempts})")]
    public static partial void Connecting(this ILogger logger, string host, int port, int attempt, int attempts);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "MLLP connected to {RemoteEndPoint}{Tls}")]
    public static partial void Connected(this ILogger logger, string? remoteEndPoint, string tls);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "MLLP connection to {Host}:{Port} failed (attempt {Attempt} of {Attempts}): {Reason}")]
    public static partial void ConnectFailed(this ILogger logger, string host, int port, int attempt, int attempts, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "MLLP connection to {Host}:{Port} closed: {Reason}")]
    public static partial void ConnectionClosed(this ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "MLLP message {ControlId} ({Bytes} bytes) acknowledged {AckCode} in {LatencyMs} ms")]
    public static partial void Acknowledged(this ILogger logger, string controlId, int bytes, string ackCode, double latencyMs);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "MLLP message {ControlId}: no ACK within {TimeoutMs} ms; connection closed so a late ACK cannot be matched")]
    public static partial void AckTimeout(this ILogger logger, string controlId, double timeoutMs);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "MLLP message {ControlId}: protocol error {Error}: {Detail}; connection closed")]
    public static partial void ProtocolError(this ILogger logger, string controlId, MllpProtocolError error, string detail);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "MLLP message {ControlId}: connection lost: {Detail}")]
    public static partial void ExchangeConnectionClosed(this ILogger logger, string controlId, string detail);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "MLLP receiver sent {Bytes} unsolicited bytes between messages; reconnecting")]
    public static partial void UnsolicitedBytes(this ILogger logger, int bytes);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Trace, Message = "MLLP sending {ControlId}: {Payload}")]
    public static partial void SendPayload(this ILogger logger, string controlId, string payload);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Trace, Message = "MLLP ACK for {ControlId}: {Payload}")]
    public static partial void AckPayload(this ILogger logger, string controlId, string payload);

    // Receiver: 4100-4199
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "MLLP server listening on {EndPoint}{Tls}")]
    public static partial void Listening(this ILogger logger, System.Net.EndPoint? endPoint, string tls);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "MLLP server accepted a connection from {RemoteEndPoint}")]
    public static partial void Accepted(this ILogger logger, string? remoteEndPoint);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "MLLP server refused a connection from {RemoteEndPoint}: {MaxConnections} connections already open")]
    public static partial void ConnectionLimit(this ILogger logger, System.Net.EndPoint? remoteEndPoint, int maxConnections);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "MLLP server connection from {RemoteEndPoint} ended: {Reason} ({Messages} messages, {Discarded} bytes discarded)")]
    public static partial void ServerConnectionEnded(this ILogger logger, string? remoteEndPoint, string reason, long messages, long discarded);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "MLLP server received {ControlId} ({Bytes} bytes) from {RemoteEndPoint}; answered {AckCode}")]
    public static partial void MessageHandled(this ILogger logger, string controlId, long bytes, string? remoteEndPoint, string ackCode);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Error, Message = "MLLP server handler failed for {ControlId}; answering AE")]
    public static partial void HandlerFailed(this ILogger logger, Exception exception, string controlId);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "MLLP server handler did not finish {ControlId} within {TimeoutMs} ms; answering AR")]
    public static partial void HandlerTimedOut(this ILogger logger, string controlId, double timeoutMs);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Warning, Message = "MLLP server closed the connection from {RemoteEndPoint}: frame of {Bytes}+ bytes exceeds the maximum of {MaxFrameSize}")]
    public static partial void FrameTooLarge(this ILogger logger, string? remoteEndPoint, long bytes, int maxFrameSize);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Warning, Message = "MLLP connection from {RemoteEndPoint} closed in the middle of a frame ({Bytes} bytes received)")]
    public static partial void ClosedMidFrame(this ILogger logger, string? remoteEndPoint, long bytes);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "MLLP server closed the idle connection from {RemoteEndPoint} after {IdleMs} ms")]
    public static partial void IdleTimeout(this ILogger logger, string? remoteEndPoint, double idleMs);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "MLLP server TLS handshake with {RemoteEndPoint} failed: {Reason}")]
    public static partial void TlsHandshakeFailed(this ILogger logger, string? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Warning, Message = "MLLP server received a frame of {Bytes} bytes without an MSH segment from {RemoteEndPoint}; closing the connection")]
    public static partial void NoMshSegment(this ILogger logger, long bytes, string? remoteEndPoint);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Warning, Message = "MLLP server could not parse message {ControlId} from {RemoteEndPoint} ({Location}: {Error}); answering AR {ErrorCode}")]
    public static partial void UnparseableMessage(this ILogger logger, string controlId, string? remoteEndPoint, string location, string error, string errorCode);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Information, Message = "MLLP server on {EndPoint} stopped ({Connections} connections served, {Messages} messages)")]
    public static partial void Stopped(this ILogger logger, System.Net.EndPoint? endPoint, long connections, long messages);

    [LoggerMessage(EventId = 4115, Level = LogLevel.Trace, Message = "MLLP server received from {RemoteEndPoint}: {Payload}")]
    public static partial void ReceivedPayload(this ILogger logger, string? remoteEndPoint, string payload);

    [LoggerMessage(EventId = 4116, Level = LogLevel.Warning, Message = "MLLP server discarded {Bytes} bytes outside frames from {RemoteEndPoint}")]
    public static partial void BytesDiscarded(this ILogger logger, long bytes, string? remoteEndPoint);

    [LoggerMessage(EventId = 4117, Level = LogLevel.Error, Message = "MLLP server accept loop on {EndPoint} failed")]
    public static partial void AcceptFailed(this ILogger logger, Exception exception, System.Net.EndPoint? endPoint);

    [LoggerMessage(EventId = 4118, Level = LogLevel.Debug, Message = "MLLP server connection from {RemoteEndPoint} failed")]
    public static partial void ServerConnectionFailed(this ILogger logger, Exception exception, string? remoteEndPoint);
}
