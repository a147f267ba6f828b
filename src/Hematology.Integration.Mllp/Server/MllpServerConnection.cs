using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp.Diagnostics;
using Hematology.Integration.Mllp.Framing;
using Hematology.Integration.Mllp.Hl7;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Mllp;

/// <summary>One accepted connection: reads frames, calls the handler for each, writes each ACK as one buffer.</summary>
internal sealed class MllpServerConnection
{
    // The state of a TLS handshake that blocks on the connection's own thread (see Authenticate).
    private const int HandshakeRunning = 0;
    private const int HandshakeDone = 1;
    private const int HandshakeEnded = 2;

    private readonly MllpServer _server;
    private readonly Socket _socket;
    private readonly EndPoint? _remote;
    private readonly string? _remoteText;
    private readonly ArrayBufferWriter<byte> _output = new(512);
    private readonly MshHeaderCache _headers = new();
    private PipeReader? _reader;
    private volatile bool _stopRequested;
    private volatile bool _idle;
    private int _handshake;
    private long _messages;

    public MllpServerConnection(MllpServer server, Socket socket)
    {
        _server = server;
        _socket = socket;
        _socket.NoDelay = true;
        _remote = socket.RemoteEndPoint;
        _remoteText = _remote?.ToString();
    }

    private MllpServerOptions Options => _server.Options;

    private ILogger Logger => _server.Logger;

    /// <summary>Asks the connection to stop after the message it is handling (or at once when it is waiting).</summary>
    public void RequestStop()
    {
        _stopRequested = true;
        _reader?.CancelPendingRead();
        EndBlockingRead();
    }

    /// <summary>Ends a read blocked on the connection's own thread (see <see cref="OwnThreadStream"/>): no more data will be read.</summary>
    private void EndBlockingRead()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Receive);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed or reset.
        }
    }

    /// <summary>Closes the connection at once.</summary>
    public void Abort()
    {
        _stopRequested = true;
        try
        {
            _socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    /// <summary>Serves the connection until it ends.</summary>
    /// <param name="ownThreadId">
    /// The thread the server started this connection on: while the connection still runs there, it reads and writes
    /// synchronously (see <see cref="OwnThreadStream"/>). <see langword="null"/> when it was started on the thread pool.
    /// </param>
    /// <returns>A task that completes when the connection has ended.</returns>
    public async Task RunAsync(int? ownThreadId)
    {
        Logger.Accepted(_remoteText);
        var reason = "closed by the sender";
        long discarded = 0;
        Stream stream;
        try
        {
            stream = new NetworkStream(_socket, ownsSocket: true);
        }
        catch (IOException ex)
        {
            // Reset by the sender before the connection was set up, or found so by a stop's shutdown (which marks the
            // socket disconnected when it fails): nothing was received, so there is nothing to answer.
            Logger.ServerConnectionFailed(ex, _remoteText);
            _socket.Dispose();
            Logger.ServerConnectionEnded(_remoteText, _stopRequested ? "server stopping" : "connection failed", 0, 0);
            return;
        }

        ITimer? idleTimer = null;
        try
        {
            if (Options.Tls.Enabled)
            {
                // On the connection's own thread the handshake blocks there, so the connection stays on it afterwards.
                var ssl = ownThreadId == Environment.CurrentManagedThreadId
                    ? Authenticate(stream)
                    : await AuthenticateAsync(stream).ConfigureAwait(false);
                if (ssl is null)
                {
                    reason = "TLS handshake failed";
                    return;
                }

                stream = ssl;
            }

            if (ownThreadId == Environment.CurrentManagedThreadId)
            {
                // Still on the thread the server started this connection on (nothing has gone asynchronous yet): read
                // and write on it synchronously while every step completes at once. Checked by id, not by "not a pool
                // thread": a continuation may also run on the socket engine's own thread, which must never block.
                stream = new OwnThreadStream(stream, ownThreadId.Value);
            }

            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 2048, leaveOpen: true));
            _reader = reader;
            var frames = new MllpFrameReader(reader, Options.MaxFrameSize, strict: false);
            if (Options.IdleTimeout != Timeout.InfiniteTimeSpan)
            {
                idleTimer = _server.TimeProvider.CreateTimer(static state => ((MllpServerConnection)state!).OnIdle(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            using var handlerTimeBound = new HandlerTimeBound(_server);
            while (true)
            {
                if (_stopRequested)
                {
                    reason = "server stopping";
                    break;
                }

                idleTimer?.Change(Options.IdleTimeout, Timeout.InfiniteTimeSpan);
                var read = await frames.ReadFrameAsync(CancellationToken.None).ConfigureAwait(false);
                idleTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                if (frames.DiscardedBytes > discarded)
                {
                    var delta = frames.DiscardedBytes - discarded;
                    discarded = frames.DiscardedBytes;
                    _server.CountDiscarded(delta);
                    Logger.BytesDiscarded(delta, _remoteText);
                }

                if (read.Status == MllpFrameStatus.Frame)
                {
                    // The handler owns the copy (it may keep Payload); every byte is overwritten, so skip the zeroing.
                    var payload = GC.AllocateUninitializedArray<byte>(checked((int)read.Payload.Length));
                    read.Payload.CopyTo(payload);
                    frames.Release();
                    var keepOpen = await HandleAsync(payload, stream, handlerTimeBound.Source).ConfigureAwait(false);
                    handlerTimeBound.Reset();

                    if (!keepOpen)
                    {
                        reason = "closed by the handler or an unreadable message";
                        break;
                    }

                    continue;
                }

                reason = Describe(read);
                break;
            }
        }
        catch (OperationCanceledException) when (_server.AbortToken.IsCancellationRequested)
        {
            // The server's grace period ran out while this connection was busy: it is closed without its ACK.
            reason = "aborted by the server stopping";
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            reason = _stopRequested ? "server stopping" : "connection failed";
            Logger.ServerConnectionFailed(ex, _remoteText);
        }
        finally
        {
            if (idleTimer is not null)
            {
                await idleTimer.DisposeAsync().ConfigureAwait(false);
            }

            if (_reader is not null)
            {
                await _reader.CompleteAsync().ConfigureAwait(false);
            }

            await stream.DisposeAsync().ConfigureAwait(false);
            _socket.Dispose();
            Logger.ServerConnectionEnded(_remoteText, reason, _messages, discarded);
        }
    }

    private string Describe(MllpFrameReadResult read)
    {
        if (read.Status is MllpFrameStatus.EndOfStream or MllpFrameStatus.EndOfStreamInFrame or MllpFrameStatus.Canceled)
        {
            // A read ended by the server itself (its receiving side shut, or the pending read cancelled).
            if (_stopRequested)
            {
                return "server stopping";
            }

            if (_idle)
            {
                Logger.IdleTimeout(_remoteText, Options.IdleTimeout.TotalMilliseconds);
                return "idle timeout";
            }
        }

        switch (read.Status)
        {
            case MllpFrameStatus.EndOfStream:
                return "closed by the sender";
            case MllpFrameStatus.EndOfStreamInFrame:
                Logger.ClosedMidFrame(_remoteText, read.Length);
                return "closed by the sender in the middle of a frame";
            case MllpFrameStatus.FrameTooLarge:
                Logger.FrameTooLarge(_remoteText, read.Length, Options.MaxFrameSize);
                return "frame too large";
            default:
                return read.Status.ToString();
        }
    }

    private void OnIdle()
    {
        _idle = true;
        _reader?.CancelPendingRead();
        EndBlockingRead();
    }

    /// <summary>
    /// The TLS handshake, blocking on the connection's own thread. Its time bound and the server's abort end it by
    /// shutting the socket, which ends the blocked read or write; a handshake that completes as the bound passes is
    /// still refused, so the outcome never depends on which of the two came first.
    /// </summary>
    private SslStream? Authenticate(Stream stream)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: true);
        using var timer = _server.TimeProvider.CreateTimer(static state => ((MllpServerConnection)state!).EndHandshake(), this, Options.Tls.HandshakeTimeout, Timeout.InfiniteTimeSpan);
        using var abort = _server.AbortToken.UnsafeRegister(static state => ((MllpServerConnection)state!).EndHandshake(), this);
        try
        {
            ssl.AuthenticateAsServer(_server.TlsOptions());
            if (Interlocked.CompareExchange(ref _handshake, HandshakeDone, HandshakeRunning) == HandshakeRunning)
            {
                return ssl;
            }
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or ObjectDisposedException)
        {
            if (Volatile.Read(ref _handshake) == HandshakeRunning)
            {
                Logger.TlsHandshakeFailed(_remoteText, ex.Message);
                ssl.Dispose();
                return null;
            }
        }

        Logger.TlsHandshakeFailed(_remoteText, "no handshake within the time bound");
        ssl.Dispose();
        return null;
    }

    /// <summary>Ends a blocking handshake that is still running (its time bound passed, or the server is aborting).</summary>
    private void EndHandshake()
    {
        if (Interlocked.CompareExchange(ref _handshake, HandshakeEnded, HandshakeRunning) != HandshakeRunning)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed or reset.
        }
    }

    private async Task<SslStream?> AuthenticateAsync(Stream stream)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: true);
        using var timeout = new CancellationTokenSource(Options.Tls.HandshakeTimeout, _server.TimeProvider);
        using var abort = _server.AbortToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(_server.TlsOptions(), timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or SocketException)
        {
            Logger.TlsHandshakeFailed(_remoteText, ex is OperationCanceledException ? "no handshake within the time bound" : ex.Message);
            await ssl.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Handles one message; returns whether the connection stays open.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> HandleAsync(byte[] payload, Stream stream, CancellationTokenSource handlerTimeout)
    {
        var started = MllpServerTelemetry.Timed ? _server.TimeProvider.GetTimestamp() : (long?)null;
        if (!MshReader.TryFindHeader(payload, out _))
        {
            // Without MSH there is no MSH-10 to acknowledge and no delimiter to build an ACK with: close (see docs/mllp.md).
            Logger.NoMshSegment(payload.Length, _remoteText);
            MllpServerTelemetry.WithoutMsh(_server, Elapsed(started));
            return false;
        }

        var encoding = Hl7Charset.ForMessage(payload, _server.Encoding, Options.UseMessageCharset);
        var content = new MllpRequestContent(payload, encoding);
        if (Options.LogPayloads && Logger.IsEnabled(LogLevel.Trace))
        {
            Logger.ReceivedPayload(_remoteText, content.Text);
        }

        // The message is decoded and parsed here only when a byte scan cannot vouch that it parses (then the parse says
        // where it fails); otherwise on the handler's first use of Text or Message.
        MllpResponse response;
        Hl7Header? header;
        if (!_headers.TryRead(payload, out header, out var headerError))
        {
            header = new Hl7Header();
            response = Unreadable(MshReader.ReadControlId(payload) ?? string.Empty, headerError);
        }
        else if (!SegmentScan.IsCertainlyReadable(payload, header.Delimiters.Field, encoding) && !content.TryParse(out var parseError))
        {
            response = Unreadable(header.ControlId, parseError);
        }
        else
        {
            handlerTimeout.CancelAfter(Options.HandlerTimeout);
            var request = new MllpRequest(content, header, _remote, _server.TimeProvider.GetUtcNow(), handlerTimeout.Token);
            response = await InvokeHandlerAsync(request, header.ControlId).ConfigureAwait(false);
        }

        _messages++;
        _server.CountMessage();
        var keepOpen = await RespondAsync(response, header, stream).ConfigureAwait(false);
        MllpServerTelemetry.Finished(_server, response, Elapsed(started));
        return keepOpen;
    }

    private TimeSpan? Elapsed(long? started) => started is { } at ? _server.TimeProvider.GetElapsedTime(at) : null;

    private MllpResponse Unreadable(string controlId, Hl7ParseException error)
    {
        var ackError = AckError.FromParseException(error);
        Logger.UnparseableMessage(controlId, _remoteText, error.Location, error.Error.ToString(), ((int)ackError.Code).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return MllpResponse.Reject(ackError, "Message could not be parsed");
    }

    private async ValueTask<MllpResponse> InvokeHandlerAsync(MllpRequest request, string controlId)
    {
        ValueTask<MllpResponse> pending;
        try
        {
            pending = _server.Handler.HandleAsync(request);
            if (pending.IsCompletedSuccessfully)
            {
                return pending.Result;
            }
        }
        catch (Exception ex)
        {
            return HandlerFailed(ex, controlId);
        }

        var task = pending.AsTask();
        try
        {
            // One timer only, the request's own time bound: a handler that is answered AR for running late has
            // always seen its token cancelled, and resetting the source for the next message cannot race it.
            return await task.WaitAsync(request.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (request.CancellationToken.IsCancellationRequested)
        {
            return HandlerTimedOut(task, controlId);
        }
        catch (Exception ex)
        {
            return HandlerFailed(ex, controlId);
        }
    }

    private MllpResponse HandlerFailed(Exception exception, string controlId)
    {
        Logger.HandlerFailed(exception, controlId);
        return MllpResponse.ApplicationError(
            new AckError { Code = Hl7ErrorCode.ApplicationInternalError, Severity = Hl7ErrorSeverity.Error, UserMessage = "The receiving application failed to process the message" },
            "Application internal error");
    }

    private MllpResponse HandlerTimedOut(Task<MllpResponse> task, string controlId)
    {
        Logger.HandlerTimedOut(controlId, Options.HandlerTimeout.TotalMilliseconds);

        // Observe a late failure so it does not surface as an unobserved task exception.
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        var seconds = Options.HandlerTimeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        return MllpResponse.Reject(
            new AckError { Code = Hl7ErrorCode.ApplicationInternalError, Severity = Hl7ErrorSeverity.Error, UserMessage = $"The receiving application did not process the message within {seconds} s" },
            "Processing timed out");
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> RespondAsync(MllpResponse response, Hl7Header header, Stream stream)
    {
        if (response.Kind == MllpResponseKind.NoReply)
        {
            return true;
        }

        if (response.Kind == MllpResponseKind.Close)
        {
            return false;
        }

        var output = _output;
        output.ResetWrittenCount();
        output.GetSpan(1)[0] = MllpFrame.StartBlock;
        output.Advance(1);
        if (response.Kind == MllpResponseKind.RawAck)
        {
            output.Write(response.AckMessage.Span);
        }
        else
        {
            _server.AckBuilder.Write(output, header, response.Code, response.Text, response.Errors);
        }

        var end = output.GetSpan(2);
        end[0] = MllpFrame.EndBlock;
        end[1] = MllpFrame.CarriageReturn;
        output.Advance(2);
        await stream.WriteAsync(output.WrittenMemory, _server.AbortToken).ConfigureAwait(false);
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Logger.MessageHandled(header.ControlId, output.WrittenCount, _remoteText, response.Kind == MllpResponseKind.RawAck ? "(raw)" : response.Code.ToHl7());
        }

        return true;
    }

    /// <summary>
    /// The handler's time bound, cancelled also when the server aborts: one source reused while handlers finish in
    /// time; replaced when one did not (its token may still be held by that handler), and the old source and its
    /// registration on the server's abort token are released, so repeated timeouts do not accumulate.
    /// </summary>
    private sealed class HandlerTimeBound : IDisposable
    {
        private readonly MllpServer _server;
        private CancellationTokenRegistration _abort;

        public HandlerTimeBound(MllpServer server)
        {
            _server = server;
            Source = Create(out _abort);
        }

        public CancellationTokenSource Source { get; private set; }

        /// <summary>Makes the source ready for the next message.</summary>
        public void Reset()
        {
            if (Source.TryReset())
            {
                return;
            }

            _abort.Dispose();
            Source.Dispose();
            Source = Create(out _abort);
        }

        public void Dispose()
        {
            _abort.Dispose();
            Source.Dispose();
        }

        private CancellationTokenSource Create(out CancellationTokenRegistration abort)
        {
            var source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _server.TimeProvider);
            abort = _server.AbortToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source);
            return source;
        }
    }
}
