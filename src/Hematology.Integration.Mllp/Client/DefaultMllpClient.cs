using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp.Diagnostics;
using Hematology.Integration.Mllp.Framing;
using Hematology.Integration.Mllp.Hl7;
using Hematology.Integration.Mllp.Tls;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Mllp;

/// <summary>
/// The sender: one persistent connection, one exchange at a time under a semaphore. Any doubt about the stream's
/// state (timeout, protocol error, unsolicited bytes, cancellation) closes the connection, so an ACK can only ever be
/// matched to the message that was just written, and its MSA-2 must equal that message's MSH-10.
/// </summary>
internal sealed class DefaultMllpClient : IMllpClient
{
    private readonly MllpClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Encoding _encoding;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private readonly string _host;
    private X509Certificate2? _clientCertificate;
    private MllpConnection? _connection;
    private bool _disposed;

    public DefaultMllpClient(MllpClientOptions options, ILogger logger, TimeProvider timeProvider)
    {
        _options = options;
        _logger = logger;
        _time = timeProvider;
        _host = options.Host!;
        _encoding = Hl7Charset.Resolve(options.Encoding) ?? Hl7Charset.Utf8;
    }

    /// <summary>Gets whether a connection is currently open (for tests).</summary>
    internal bool IsConnected => _connection is not null;

    /// <summary>Gets the open connection (for tests).</summary>
    internal MllpConnection? Connection => _connection;

    public ValueTask<MllpSendResult> SendAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var encoding = _encoding;
        if (_options.UseMessageCharset)
        {
            var firstLine = message.AsSpan(0, Math.Min(message.Length, 1024));
            var probe = Encoding.Latin1.GetBytes(firstLine.ToArray());
            encoding = Hl7Charset.ForMessage(probe, _encoding, useMessageCharset: true);
        }

        return SendAsync(encoding.GetBytes(message), cancellationToken);
    }

    public async ValueTask<MllpSendResult> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var controlId = MshReader.ReadControlId(message.Span)
            ?? throw new ArgumentException(MshReader.TryFindHeader(message.Span, out _)
                ? "The message's MSH-10 (message control id) is empty; an ACK could not be matched to it."
                : "The message does not start with an MSH segment.", nameof(message));
        if (message.Length > _options.MaxFrameSize)
        {
            // Not a receiver limit we know of, but a message that large is almost certainly a mistake upstream.
            throw new ArgumentException($"The message is {message.Length} bytes, more than MaxFrameSize ({_options.MaxFrameSize}).", nameof(message));
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // Disposing the client cancels the exchange in flight, so disposal never waits on a stuck send.
            if (!cancellationToken.CanBeCanceled)
            {
                return await SendCoreAsync(message, controlId, _disposing.Token).ConfigureAwait(false);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
            return await SendCoreAsync(message, controlId, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _disposing.CancelAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await CloseAsync("the client was disposed").ConfigureAwait(false);
            _clientCertificate?.Dispose();
        }
        finally
        {
            _gate.Release();
            _disposing.Dispose();
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        SocketException s => $"{s.SocketErrorCode}",
        AuthenticationException a => $"TLS handshake failed: {a.Message}",
        IOException { InnerException: SocketException s } => $"{s.SocketErrorCode}",
        _ => exception.Message,
    };

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<MllpSendResult> SendCoreAsync(ReadOnlyMemory<byte> message, string controlId, CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is not null && !connection.IsUsable(out var unsolicited))
        {
            if (unsolicited > 0)
            {
                _logger.UnsolicitedBytes(unsolicited);
            }

            await CloseAsync("the connection was no longer usable").ConfigureAwait(false);
            connection = null;
        }

        if (connection is null)
        {
            var (opened, failure) = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                return new MllpSendResult(MllpOutcome.ConnectFailed, controlId, TimeSpan.Zero, null, MllpProtocolError.None, failure!.Value.Detail, failure.Value.Exception);
            }

            _connection = connection = opened;
        }

        if (_options.LogPayloads && _logger.IsEnabled(LogLevel.Trace))
        {
            _logger.SendPayload(controlId, _encoding.GetString(message.Span));
        }

        var start = _time.GetTimestamp();
        var timeout = connection.Timeout;
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout)
            : default;
        try
        {
            var result = await ExchangeAsync(connection, message, controlId, start, cancellationToken).ConfigureAwait(false);
            if (result.Outcome is not (MllpOutcome.Accepted or MllpOutcome.ApplicationError or MllpOutcome.Rejected) || connection.Poisoned)
            {
                await CloseAsync(result.Outcome.ToString()).ConfigureAwait(false);
            }

            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CloseAsync("the send was cancelled").ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (_connection is not null)
            {
                connection.ResetTimeout();
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<MllpSendResult> ExchangeAsync(MllpConnection connection, ReadOnlyMemory<byte> message, string controlId, long start, CancellationToken cancellationToken)
    {
        var timeout = connection.Timeout;
        timeout.CancelAfter(_options.AckTimeout);
        var frame = ArrayPool<byte>.Shared.Rent(message.Length + MllpFrame.Overhead);
        try
        {
            // One buffer, one write: several receivers lose a frame whose end bytes arrive in a separate packet.
            var length = MllpFrame.Write(message.Span, frame);
            var write = connection.Stream.WriteAsync(frame.AsMemory(0, length), timeout.Token);
            if (write.IsCompletedSuccessfully)
            {
                write.GetAwaiter().GetResult(); // consumed, as a ValueTask must be
            }
            else
            {
                await write.ConfigureAwait(false);

                // The ACK timeout counts from the last byte written (a write that completed at once took no time).
                timeout.CancelAfter(_options.AckTimeout);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(MllpOutcome.AckTimeout, controlId, start, $"the message could not be written within {_options.AckTimeout.TotalMilliseconds:0} ms");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            return Fail(MllpOutcome.ConnectionClosed, controlId, start, $"the connection failed while sending ({Describe(ex)})", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }

        MllpFrameReadResult read;
        try
        {
            read = await connection.Frames.ReadFrameAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.AckTimeout(controlId, _options.AckTimeout.TotalMilliseconds);
            return Fail(MllpOutcome.AckTimeout, controlId, start, $"no ACK within {_options.AckTimeout.TotalMilliseconds:0} ms");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            return Closed(controlId, start, $"the connection failed while waiting for the ACK ({Describe(ex)})", ex);
        }

        switch (read.Status)
        {
            case MllpFrameStatus.Frame:
                return ReadAck(connection, read, controlId, start, message.Length);
            case MllpFrameStatus.EndOfStream:
                return Closed(controlId, start, "the receiver closed the connection without sending an ACK");
            case MllpFrameStatus.EndOfStreamInFrame:
                return Closed(controlId, start, $"the receiver closed the connection in the middle of the ACK frame ({read.Length} bytes received)");
            case MllpFrameStatus.FrameTooLarge:
                return Protocol(MllpProtocolError.FrameTooLarge, controlId, start, $"the reply frame exceeds MaxFrameSize ({_options.MaxFrameSize} bytes)", null);
            case MllpFrameStatus.BytesOutsideFrame:
                return Protocol(MllpProtocolError.UnframedReply, controlId, start, $"the receiver sent {read.Length} bytes outside an MLLP frame (an unframed reply or garbage)", null);
            default:
                return Fail(MllpOutcome.AckTimeout, controlId, start, "the read was cancelled");
        }
    }

    private MllpSendResult ReadAck(MllpConnection connection, MllpFrameReadResult read, string controlId, long start, int messageLength)
    {
        Hl7Ack? ack;
        Hl7ParseException? error;
        var payload = read.Payload;
        try
        {
            var bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
            var encoding = Hl7Charset.ForMessage(bytes, _encoding, _options.UseMessageCharset);
            if (_options.LogPayloads && _logger.IsEnabled(LogLevel.Trace))
            {
                _logger.AckPayload(controlId, encoding.GetString(bytes));
            }

            var parsed = ReferenceEquals(encoding, Hl7Charset.Utf8)
                ? Hl7Ack.TryParse(bytes, out ack, out error)
                : Hl7Ack.TryParse(encoding.GetString(bytes).AsSpan(), out ack, out error);
            if (!parsed)
            {
                ack = null;
            }
        }
        finally
        {
            connection.Frames.Release();
        }

        // Bytes after the ACK frame cannot belong to this exchange: never let them meet the next message.
        connection.Poisoned |= connection.Frames.HasBufferedBytes;
        if (ack is null)
        {
            return Protocol(MllpProtocolError.UnparseableAck, controlId, start, $"the reply is not an ACK: {error?.Message}", null);
        }

        if (!ack.Acknowledges(controlId))
        {
            return Protocol(MllpProtocolError.ControlIdMismatch, controlId, start, $"the ACK's MSA-2 '{ack.AcknowledgedControlId}' is not the message's MSH-10 '{controlId}'", ack);
        }

        var outcome = ack.Code switch
        {
            AckCode.ApplicationAccept or AckCode.CommitAccept => MllpOutcome.Accepted,
            AckCode.ApplicationError or AckCode.CommitError => MllpOutcome.ApplicationError,
            _ => MllpOutcome.Rejected,
        };
        var latency = _time.GetElapsedTime(start);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.Acknowledged(controlId, messageLength, ack.Code.ToHl7(), latency.TotalMilliseconds);
        }

        string? detail = null;
        if (outcome != MllpOutcome.Accepted)
        {
            var first = ack.Errors.Count > 0 ? ack.Errors[0] : null;
            detail = first is null
                ? $"MSA-1 {ack.Code.ToHl7()}"
                : $"MSA-1 {ack.Code.ToHl7()}, ERR-3 {(int)first.Code}{(first.Location is null ? string.Empty : $" at {first.Location}")}";
        }

        return new MllpSendResult(outcome, controlId, latency, ack, MllpProtocolError.None, detail, null);
    }

    private MllpSendResult Fail(MllpOutcome outcome, string controlId, long start, string detail, Exception? exception = null)
        => new(outcome, controlId, _time.GetElapsedTime(start), null, MllpProtocolError.None, detail, exception);

    private MllpSendResult Closed(string controlId, long start, string detail, Exception? exception = null)
    {
        _logger.ExchangeConnectionClosed(controlId, detail);
        return Fail(MllpOutcome.ConnectionClosed, controlId, start, detail, exception);
    }

    private MllpSendResult Protocol(MllpProtocolError error, string controlId, long start, string detail, Hl7Ack? ack)
    {
        _logger.ProtocolError(controlId, error, detail);
        return new MllpSendResult(MllpOutcome.ProtocolError, controlId, _time.GetElapsedTime(start), ack, error, detail, null);
    }

    private async ValueTask CloseAsync(string reason)
    {
        var connection = _connection;
        if (connection is null)
        {
            return;
        }

        _connection = null;
        _logger.ConnectionClosed(_host, _options.Port, reason);
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask<(MllpConnection? Connection, (string Detail, Exception? Exception)? Failure)> ConnectAsync(CancellationToken cancellationToken)
    {
        (string Detail, Exception? Exception)? failure = null;
        for (var attempt = 1; attempt <= _options.ConnectAttempts; attempt++)
        {
            if (attempt > 1)
            {
                var delay = TimeSpan.FromTicks(Math.Min(_options.MaxReconnectDelay.Ticks, _options.ReconnectDelay.Ticks * (1L << Math.Min(attempt - 2, 30))));
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }

            _logger.Connecting(_host, _options.Port, attempt, _options.ConnectAttempts);
            var (connection, detail, exception) = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            if (connection is not null)
            {
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    _logger.Connected(connection.Socket.RemoteEndPoint?.ToString(), connection.IsTls ? " (TLS)" : string.Empty);
                }
                return (connection, null);
            }

            _logger.ConnectFailed(_host, _options.Port, attempt, _options.ConnectAttempts, detail!);
            failure = ($"connection to {_host}:{_options.Port} failed after {attempt} attempt(s): {detail}", exception);
        }

        return (null, failure);
    }

    private async ValueTask<(MllpConnection? Connection, string? Detail, Exception? Exception)> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        string? tlsRefusal = null;
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout)
            : default;
        try
        {
            await socket.ConnectAsync(_host, _options.Port, timeout.Token).ConfigureAwait(false);
            ApplyKeepAlive(socket);
            stream = new NetworkStream(socket, ownsSocket: true);
            var tls = _options.Tls;
            if (tls.Enabled)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                var authentication = new SslClientAuthenticationOptions
                {
                    TargetHost = tls.TargetHost ?? _host,
                    EnabledSslProtocols = MllpTls.Protocols,
                    CertificateRevocationCheckMode = tls.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    {
                        var ok = MllpTls.Validate(certificate, errors, tls.PinnedServerCertificates, out var reason);
                        tlsRefusal = reason;
                        return ok;
                    },
                };
                var clientCertificate = ClientCertificate();
                if (clientCertificate is not null)
                {
                    authentication.ClientCertificates = [clientCertificate];
                }

                await ssl.AuthenticateAsClientAsync(authentication, timeout.Token).ConfigureAwait(false);
            }

            return (new MllpConnection(socket, stream, tls.Enabled, _options.MaxFrameSize, _time), null, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Dispose(socket, stream).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException
            || (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is SocketException or IOException or AuthenticationException))
        {
            // The time limit passed. A handshake cancelled part-way may surface as an I/O error rather than as a
            // cancellation; it is still the time limit that ended it.
            await Dispose(socket, stream).ConfigureAwait(false);
            var what = stream is SslStream ? "TCP connection and TLS handshake" : "connection";
            return (null, $"no {what} within {_options.ConnectTimeout.TotalMilliseconds:0} ms", ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
        {
            await Dispose(socket, stream).ConfigureAwait(false);
            var detail = tlsRefusal is not null ? $"TLS: {tlsRefusal}" : Describe(ex);
            return (null, detail, ex);
        }
    }

    private X509Certificate2? ClientCertificate()
    {
        var tls = _options.Tls;
        if (tls.ClientCertificate is not null)
        {
            return tls.ClientCertificate;
        }

        if (tls.ClientCertificatePath is null)
        {
            return null;
        }

        return _clientCertificate ??= MllpTls.Load(tls.ClientCertificatePath, tls.ClientCertificateKeyPath, tls.ClientCertificatePassword);
    }

    private void ApplyKeepAlive(Socket socket)
    {
        if (!_options.KeepAlive)
        {
            return;
        }

        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)_options.KeepAliveTime.TotalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, (int)_options.KeepAliveInterval.TotalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, _options.KeepAliveRetryCount);
    }

    private static async ValueTask Dispose(Socket socket, Stream? stream)
    {
        if (stream is not null)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        socket.Dispose();
    }
}
