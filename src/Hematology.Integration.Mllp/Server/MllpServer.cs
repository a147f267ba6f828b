using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp.Diagnostics;
using Hematology.Integration.Mllp.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Mllp;

/// <summary>
/// An MLLP receiver: listens on one endpoint, serves each connection's messages one at a time through an
/// <see cref="IMllpMessageHandler"/> and answers each with an ACK. Start one with
/// <c>await using var server = MllpServer.Start(options, handler, loggerFactory);</c>.
/// </summary>
public sealed class MllpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<MllpServerConnection, Task> _connections = new();
    private readonly SemaphoreSlim _slots;
    private readonly Task _acceptLoop;
    private int _stopped;

    private MllpServer(MllpServerOptions options, IMllpMessageHandler handler, ILogger logger, TimeProvider timeProvider)
    {
        Options = options;
        Handler = handler;
        Logger = logger;
        TimeProvider = timeProvider;
        Encoding = Hl7.Hl7Charset.Resolve(options.Encoding) ?? Hl7.Hl7Charset.Utf8;
        AckBuilder = new AckBuilder(new AckBuilderOptions { SendingApplication = options.SendingApplication, SendingFacility = options.SendingFacility }, timeProvider);
        _slots = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
        Certificate = LoadCertificate(options.Tls);
        var address = IPAddress.Parse(options.Host);
        _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(new IPEndPoint(address, options.Port));
            _listener.Listen(128);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        PortTagValue = LocalEndPoint.Port;
        Logger.Listening(LocalEndPoint, options.Tls.Enabled ? " (TLS)" : string.Empty);
        MllpServerTelemetry.Add(this);
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Gets the endpoint the server listens on (with the real port when <see cref="MllpServerOptions.Port"/> was 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    internal MllpServerOptions Options { get; }

    internal IMllpMessageHandler Handler { get; }

    internal ILogger Logger { get; }

    internal TimeProvider TimeProvider { get; }

    internal System.Text.Encoding Encoding { get; }

    internal AckBuilder AckBuilder { get; }

    internal X509Certificate2? Certificate { get; }

    internal bool IsStopping => Volatile.Read(ref _stopped) != 0;

    internal CancellationToken AbortToken => _abort.Token;

    /// <summary>Gets the number of connections accepted and served so far.</summary>
    internal long ConnectionsServed => Interlocked.Read(ref _connectionsServed);

    /// <summary>Gets the number of messages answered so far.</summary>
    internal long MessagesHandled => Interlocked.Read(ref _messagesHandled);

    /// <summary>Gets the number of bytes discarded outside frames so far.</summary>
    internal long BytesDiscarded => Interlocked.Read(ref _bytesDiscarded);

    /// <summary>Gets the number of connections refused because of <see cref="MllpServerOptions.MaxConnections"/>.</summary>
    internal long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    /// <summary>Gets the number of connections open now.</summary>
    internal int OpenConnections => _connections.Count;

    /// <summary>Gets the port as the metrics' tag value, boxed once.</summary>
    internal object PortTagValue { get; }

    private long _connectionsServed;
    private long _messagesHandled;
    private long _bytesDiscarded;
    private long _connectionsRefused;

    /// <summary>While more connections than this are open, a new one runs on the thread pool from the start instead of a thread of its own.</summary>
    private const int MaxOwnThreads = 64;

    /// <summary>
    /// Gets or sets how many open connections may still start on a thread of their own (at most
    /// <see cref="MaxOwnThreads"/>; tests set 0 to run every connection on the thread pool from the start).
    /// </summary>
    internal int OwnThreadLimit { get; set; } = MaxOwnThreads;

    /// <summary>Starts a server: binds and listens before returning.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="handler">The message handler, or <see langword="null"/> to answer every readable message AA.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for no logging.</param>
    /// <param name="timeProvider">The clock for timeouts, or <see langword="null"/> for the system clock.</param>
    /// <returns>The running server; dispose it (or call <see cref="StopAsync"/>) to stop.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid (every error is listed).</exception>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    public static MllpServer Start(MllpServerOptions options, IMllpMessageHandler? handler = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new MllpServerOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(MllpServerOptions), validation.Failures);
        }

        return new MllpServer(options, handler ?? AcceptAllHandler.Instance, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MllpServer>(), timeProvider ?? TimeProvider.System);
    }

    /// <summary>Starts a server whose handler is a delegate.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="handler">The message handler.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for no logging.</param>
    /// <param name="timeProvider">The clock for timeouts, or <see langword="null"/> for the system clock.</param>
    /// <returns>The running server.</returns>
    public static MllpServer Start(MllpServerOptions options, Func<MllpRequest, ValueTask<MllpResponse>> handler, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Start(options, new DelegateHandler(handler), loggerFactory, timeProvider);
    }

    /// <summary>
    /// Stops the server: stops accepting, lets every connection finish the message it is handling (its ACK is sent),
    /// then closes the connections. When <paramref name="cancellationToken"/> fires first, the remaining connections are
    /// closed at once.
    /// </summary>
    /// <param name="cancellationToken">Ends the graceful wait.</param>
    /// <returns>A task that completes when every connection is closed.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _stopAccepting.CancelAsync().ConfigureAwait(false);
            _listener.Dispose();
            foreach (var connection in _connections.Keys)
            {
                connection.RequestStop();
            }
        }

        try
        {
            await _acceptLoop.ConfigureAwait(false);
            await Task.WhenAll(_connections.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            foreach (var connection in _connections.Keys)
            {
                connection.Abort();
            }

            await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        }

        MllpServerTelemetry.Remove(this);
        Logger.Stopped(LocalEndPoint, ConnectionsServed, MessagesHandled);
    }

    /// <summary>Stops the server gracefully (see <see cref="StopAsync"/>) and releases its resources.</summary>
    /// <returns>A task that completes when the server is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopAccepting.Dispose();
        _abort.Dispose();
        _slots.Dispose();
        if (Options.Tls.Certificate is null)
        {
            Certificate?.Dispose();
        }
    }

    internal void CountMessage() => Interlocked.Increment(ref _messagesHandled);

    internal void CountDiscarded(long bytes) => Interlocked.Add(ref _bytesDiscarded, bytes);

    internal SslServerAuthenticationOptions TlsOptions() => new()
    {
        ServerCertificate = Certificate,
        EnabledSslProtocols = MllpTls.Protocols,
        ClientCertificateRequired = Options.Tls.RequireClientCertificate,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null)
            {
                return !Options.Tls.RequireClientCertificate;
            }

            return MllpTls.Validate(certificate, errors, Options.Tls.AllowedClientCertificates, out _);
        },
    };

    private static X509Certificate2? LoadCertificate(MllpServerTlsOptions tls)
    {
        if (!tls.Enabled)
        {
            return null;
        }

        return tls.Certificate ?? MllpTls.Load(tls.CertificatePath!, tls.CertificateKeyPath, tls.CertificatePassword);
    }

    private async Task AcceptLoopAsync()
    {
        await Task.Yield();
        while (!_stopAccepting.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopAccepting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex) when (IsStopping || ex.SocketErrorCode == SocketError.OperationAborted)
            {
                break;
            }
            catch (SocketException ex)
            {
                // A connection reset before accept completed: keep serving.
                Logger.AcceptFailed(ex, LocalEndPoint);
                continue;
            }

            if (!_slots.Wait(0))
            {
                Interlocked.Increment(ref _connectionsRefused);
                Logger.ConnectionLimit(socket.RemoteEndPoint, Options.MaxConnections);
                socket.Close(0);
                continue;
            }

            Interlocked.Increment(ref _connectionsServed);
            var connection = new MllpServerConnection(this, socket);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = RunAsync(connection, gate.Task);
            _connections[connection] = task;
            gate.SetResult();
            if (IsStopping)
            {
                connection.RequestStop();
            }
        }
    }

    private async Task RunAsync(MllpServerConnection connection, Task registered)
    {
        await registered.ConfigureAwait(false);
        try
        {
            if (_connections.Count <= OwnThreadLimit)
            {
                await OnOwnThread(connection).ConfigureAwait(false);
            }
            else
            {
                await connection.RunAsync(ownThreadId: null).ConfigureAwait(false);
            }
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            _slots.Release();
        }
    }

    /// <summary>
    /// Starts a connection on a thread of its own, where it reads and writes synchronously for as long as every step
    /// completes at once (<see cref="OwnThreadStream"/>); the thread ends when the connection first has to wait for
    /// something else (an asynchronous handler), and the connection goes on asynchronously. A TLS handshake blocks on the
    /// thread too, within its time bound.
    /// </summary>
    private static Task OnOwnThread(MllpServerConnection connection)
    {
        var started = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => started.SetResult(connection.RunAsync(Environment.CurrentManagedThreadId))) { IsBackground = true, Name = "MLLP connection" };
        thread.Start();
        return started.Task.Unwrap();
    }

    private sealed class AcceptAllHandler : IMllpMessageHandler
    {
        public static readonly AcceptAllHandler Instance = new();

        public ValueTask<MllpResponse> HandleAsync(MllpRequest request) => ValueTask.FromResult(MllpResponse.Accept);
    }

    private sealed class DelegateHandler(Func<MllpRequest, ValueTask<MllpResponse>> handler) : IMllpMessageHandler
    {
        public ValueTask<MllpResponse> HandleAsync(MllpRequest request) => handler(request);
    }
}
