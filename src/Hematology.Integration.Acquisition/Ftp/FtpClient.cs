using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Acquisition;

/// <summary>
/// An FTP/FTPS client for one server: one owned control connection, one data connection per transfer (passive:
/// EPSV, then PASV), every operation under a time limit and the caller's cancellation. Not thread-safe: one
/// operation at a time (the source serialises access). After a timeout, a lost connection or a TLS failure the
/// client is <see cref="IsBroken"/> and must be disposed and replaced.
/// </summary>
internal sealed class FtpClient : IAsyncDisposable
{
    private const int MaxLineLength = 8192;

    /// <summary>How long a read first waits on its own thread for data on a plain (non-TLS) socket, in microseconds.</summary>
    private const int ReadyWaitMicroseconds = 2000;
    private readonly FtpSourceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly HashSet<string> _features = new(StringComparer.OrdinalIgnoreCase);
    private readonly byte[] _readBuffer = new byte[4096];
    private readonly List<byte> _lineBytes = [];
    private readonly FtpReplyAssembler _assembler = new();
    private Socket? _socket;
    private Stream? _control;
    private IPAddress? _remoteAddress;
    private int _readStart;
    private int _readEnd;
    private Encoding _encoding;
    private bool _epsvRefused;
    private IPEndPoint? _preparedPassive;
    private readonly List<(string Command, FtpReply Reply)> _prefetched = [];
    private bool _mlsdRefused;
    private bool _tlsActive;
    private IDisposable? _tlsName;

    public FtpClient(FtpSourceOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _encoding = FtpEncodings.Resolve(options.Encoding);
    }

    /// <summary>Gets whether the connection can no longer be used (dispose it and connect a new client).</summary>
    public bool IsBroken { get; private set; }

    /// <summary>Gets whether the client is connected and logged in.</summary>
    public bool IsConnected => _control is not null && !IsBroken;

    /// <summary>Gets the features the server announced in its FEAT reply (upper-case first words, for example MLST, UTF8, EPSV).</summary>
    public IReadOnlyCollection<string> Features => _features;

    /// <summary>Gets the encoding used for commands, replies and listings.</summary>
    public Encoding Encoding => _encoding;

    /// <summary>Connects, protects the connection as configured, logs in and prepares binary passive transfers in the remote directory.</summary>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>A task that completes when the client is ready.</returns>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_control is not null, this);
        var host = _options.Host;
        if (_options.TlsMode != FtpTlsMode.None)
        {
            // One FTPS session per TLS server name at a time in this process (see TlsSessionGate).
            _tlsName = await TlsSessionGate.EnterAsync(TlsServerName, cancellationToken).ConfigureAwait(false);
        }

        using (var scope = Deadline(_options.ConnectTimeout, cancellationToken))
        {
            try
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                _socket = socket;
                await socket.ConnectAsync(host, _options.Port, scope.Token).ConfigureAwait(false);
                _remoteAddress = (socket.RemoteEndPoint as IPEndPoint)?.Address is { } remote && remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : (socket.RemoteEndPoint as IPEndPoint)?.Address;
                _control = new NetworkStream(socket, ownsSocket: true);
                if (_options.TlsMode == FtpTlsMode.Implicit)
                {
                    await StartControlTlsAsync(scope.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
            {
                IsBroken = true;
                throw Translate(ex, "CONNECT", scope, $"Could not connect to {host}:{_options.Port}.", breaks: true, cancellationToken);
            }
        }

        var banner = await ReadReplyAsync("CONNECT", cancellationToken).ConfigureAwait(false);
        if (!banner.IsSuccess)
        {
            IsBroken = true;
            throw new FtpException(banner.Code == 421 ? FtpErrorKind.Login : FtpErrorKind.Reply, "The server refused the session.", "CONNECT", banner.Code, banner.Text);
        }

        if (_options.TlsMode == FtpTlsMode.Explicit)
        {
            await ExpectAsync("AUTH TLS", 234, cancellationToken).ConfigureAwait(false);
            await StartControlTlsAsync(cancellationToken).ConfigureAwait(false);
        }

        await LoginAsync(cancellationToken).ConfigureAwait(false);
        if (_tlsActive)
        {
            await ExpectAsync("PBSZ 0", 200, cancellationToken).ConfigureAwait(false);
            await ExpectAsync("PROT P", 200, cancellationToken).ConfigureAwait(false);
        }

        await ReadFeaturesAsync(cancellationToken).ConfigureAwait(false);
        if (_features.Contains("UTF8"))
        {
            // Offered: UTF-8 names. Some servers (pyftpdlib) answer OPTS with 501 but use UTF-8 anyway.
            var opts = await CommandAsync("OPTS UTF8 ON", cancellationToken).ConfigureAwait(false);
            _encoding = new UTF8Encoding(false);
            Log.Utf8Negotiated(_logger, opts.Code);
        }

        await ExpectAsync("TYPE I", 200, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(_options.RemoteDirectory) && !string.Equals(_options.RemoteDirectory, "/", StringComparison.Ordinal))
        {
            await ExpectAsync("CWD " + _options.RemoteDirectory, 250, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists the current directory: MLSD when the server offers it, LIST otherwise (or when MLSD is refused).</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The parsed entries and the lines that could not be parsed.</returns>
    public async Task<FtpListing> ListAsync(CancellationToken cancellationToken)
    {
        if (!_mlsdRefused && _features.Contains("MLST"))
        {
            try
            {
                var text = await ReadListingAsync("MLSD", cancellationToken).ConfigureAwait(false);
                return FtpListingParser.ParseMlsd(text);
            }
            catch (FtpException ex) when (ex.Kind == FtpErrorKind.Reply && ex.ReplyCode is 500 or 501 or 502 or 504)
            {
                _mlsdRefused = true;
            }
        }

        var list = await ReadListingAsync("LIST", cancellationToken).ConfigureAwait(false);
        return FtpListingParser.ParseList(list, _timeProvider.GetUtcNow());
    }

    /// <summary>Asks the size of a file (SIZE).</summary>
    /// <param name="name">The file's name in the current directory (or a relative path).</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The size, or <see langword="null"/> when the server has no such file or does not support SIZE.</returns>
    public async Task<long?> SizeAsync(string name, CancellationToken cancellationToken)
    {
        var command = "SIZE " + name;
        var reply = TakePrefetched(command) ?? await CommandAsync(command, cancellationToken).ConfigureAwait(false);
        return reply.Code == 213 && long.TryParse(reply.Message.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
    }

    /// <summary>Asks the modification time of a file (MDTM, UTC).</summary>
    /// <param name="name">The file's name.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The time, or <see langword="null"/> when unavailable.</returns>
    public async Task<DateTimeOffset?> ModifiedTimeAsync(string name, CancellationToken cancellationToken)
    {
        var command = "MDTM " + name;
        var reply = TakePrefetched(command) ?? await CommandAsync(command, cancellationToken).ConfigureAwait(false);
        return MachineTime(reply);
    }

    private static DateTimeOffset? MachineTime(FtpReply reply) => reply.Code == 213 ? FtpListingParser.ParseMachineTime(reply.Message.Trim()) : null;

    /// <summary>
    /// The reply to <paramref name="command"/> if it was sent early (pipelined) and is next in line: read right after
    /// a download's data ended (see <see cref="DownloadAsync"/>), with nothing sent since.
    /// </summary>
    private FtpReply? TakePrefetched(string command)
    {
        if (_prefetched.Count == 0 || !string.Equals(_prefetched[0].Command, command, StringComparison.Ordinal))
        {
            return null;
        }

        var reply = _prefetched[0].Reply;
        _prefetched.RemoveAt(0);
        return reply;
    }

    /// <summary>
    /// Downloads a file (RETR) into <paramref name="destination"/>, from <paramref name="offset"/> (REST) when it is not
    /// zero. With <see cref="FtpSourceOptions.PipelineCommands"/>, the re-check's SIZE (and, when asked, MDTM) is sent
    /// as soon as the data connection has ended, before the transfer's final reply is read, and the replies are kept for
    /// a <see cref="SizeAsync"/> (then <see cref="ModifiedTimeAsync"/>) of the same file that comes next (they are
    /// dropped if any other command comes first): the re-check then costs no round trip of its own.
    /// </summary>
    /// <param name="name">The file's name.</param>
    /// <param name="offset">Where to start.</param>
    /// <param name="destination">Receives the bytes.</param>
    /// <param name="cancellationToken">Cancels the transfer.</param>
    /// <param name="recheckTime">Whether the pipelined re-check also asks the modification time (MDTM).</param>
    /// <returns>The number of bytes received.</returns>
    public async Task<long> DownloadAsync(string name, long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> destination, CancellationToken cancellationToken, bool recheckTime = false)
    {
        if (offset > 0)
        {
            await ExpectAsync("REST " + offset.ToString(CultureInfo.InvariantCulture), 350, cancellationToken).ConfigureAwait(false);
        }

        return await TransferAsync("RETR " + name, !_options.PipelineCommands ? null : recheckTime ? ["SIZE " + name, "MDTM " + name] : ["SIZE " + name], async (stream, ct) =>
        {
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                long total = 0;
                while (true)
                {
                    var read = await ReadDataAsync(stream, buffer, ct).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return total;
                    }

                    await destination(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    total += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renames or moves a file (RNFR, RNTO).</summary>
    /// <param name="from">The current name.</param>
    /// <param name="to">The new name (may include a folder).</param>
    /// <param name="cancellationToken">Cancels the commands.</param>
    /// <returns>A task that completes when renamed.</returns>
    public async Task RenameAsync(string from, string to, CancellationToken cancellationToken)
    {
        if (!_options.PipelineCommands)
        {
            await ExpectAsync("RNFR " + from, 350, cancellationToken).ConfigureAwait(false);
            await ExpectAsync("RNTO " + to, 250, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Both commands in one write, then both replies, in order. When RNFR is refused the server answers the RNTO
        // too (503, bad sequence): that reply is read, so the session stays in step, and the RNFR refusal is reported.
        await SendAsync("RNFR " + from, cancellationToken, "RNTO " + to).ConfigureAwait(false);
        var first = await ReadReplyAsync("RNFR " + from, cancellationToken).ConfigureAwait(false);
        var second = await ReadReplyAsync("RNTO " + to, cancellationToken).ConfigureAwait(false);
        ThrowUnlessRenamed(from, to, first, second);
    }

    /// <summary>
    /// The claim's rename when <see cref="FtpSourceOptions.PipelineCommands"/> is on: RNFR, RNTO, when asked the
    /// claimed file's MDTM, and, for the download that follows, EPSV in one write, then the replies in order. The
    /// passive endpoint is kept for the next transfer only if that transfer comes next (<see cref="SendAsync"/> drops it
    /// before any other command), so a claimed file costs one round trip before its RETR instead of two. Without
    /// pipelining, or once the server has refused EPSV, this is <see cref="RenameAsync"/> (and no time is read).
    /// </summary>
    /// <param name="from">The file's name.</param>
    /// <param name="to">Its name in the processing folder.</param>
    /// <param name="cancellationToken">Cancels the commands.</param>
    /// <param name="readTime">Whether to ask the claimed file's modification time (MDTM) in the same write.</param>
    /// <returns>The modification time when asked for and the commands went pipelined, else <see langword="null"/>.</returns>
    internal async Task<DateTimeOffset?> ClaimRenameAsync(string from, string to, CancellationToken cancellationToken, bool readTime = false)
    {
        if (!_options.PipelineCommands || _epsvRefused)
        {
            await RenameAsync(from, to, cancellationToken).ConfigureAwait(false);
            return null;
        }

        await SendAsync("RNFR " + from, cancellationToken, readTime ? ["RNTO " + to, "MDTM " + to, "EPSV"] : ["RNTO " + to, "EPSV"]).ConfigureAwait(false);
        var first = await ReadReplyAsync("RNFR " + from, cancellationToken).ConfigureAwait(false);
        var second = await ReadReplyAsync("RNTO " + to, cancellationToken).ConfigureAwait(false);
        var time = readTime ? MachineTime(await ReadReplyAsync("MDTM " + to, cancellationToken).ConfigureAwait(false)) : null;
        _preparedPassive = EpsvEndpoint(await ReadReplyAsync("EPSV", cancellationToken).ConfigureAwait(false));
        ThrowUnlessRenamed(from, to, first, second);
        return time;
    }

    /// <summary>Reports a pipelined rename's refusal: RNFR's when it was refused (RNTO then only says "bad sequence"), else RNTO's.</summary>
    private static void ThrowUnlessRenamed(string from, string to, FtpReply first, FtpReply second)
    {
        if (first.Code != 350)
        {
            throw new FtpException(FtpErrorKind.Reply, "The server refused the command.", "RNFR " + from, first.Code, first.Text);
        }

        if (second.Code is not (250 or 200 or 226))
        {
            throw new FtpException(FtpErrorKind.Reply, "The server refused the command.", "RNTO " + to, second.Code, second.Text);
        }
    }

    /// <summary>The endpoint an EPSV reply names, or <see langword="null"/> (and EPSV is not asked again: PASV from then on).</summary>
    private IPEndPoint? EpsvEndpoint(FtpReply epsv)
    {
        if (epsv.Code == 229 && FtpPassive.TryParseEpsv(epsv.Message, out var port))
        {
            return new IPEndPoint(_remoteAddress!, port);
        }

        _epsvRefused = true;
        return null;
    }

    /// <summary>Deletes a file (DELE).</summary>
    /// <param name="name">The file's name.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>A task that completes when deleted.</returns>
    public Task DeleteAsync(string name, CancellationToken cancellationToken) => ExpectAsync("DELE " + name, 250, cancellationToken);

    /// <summary>
    /// Deletes several files with their DELE commands in one write, then reads the replies in order into
    /// <paramref name="replies"/> (one round trip for the lot; used with <see cref="FtpSourceOptions.PipelineCommands"/>).
    /// A reply is added as soon as it is read, so after a failure <paramref name="replies"/> holds the answers received.
    /// </summary>
    /// <param name="names">The files' names.</param>
    /// <param name="replies">Receives one reply per name, in order.</param>
    /// <param name="cancellationToken">Cancels the commands.</param>
    /// <returns>A task that completes when every reply is read.</returns>
    internal async Task DeleteManyAsync(IReadOnlyList<string> names, List<FtpReply> replies, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return;
        }

        var commands = new string[names.Count];
        for (var i = 0; i < commands.Length; i++)
        {
            commands[i] = "DELE " + names[i];
        }

        await SendAsync(commands[0], cancellationToken, commands[1..]).ConfigureAwait(false);
        foreach (var command in commands)
        {
            replies.Add(await ReadReplyAsync(command, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Whether a DELE reply means the file is gone (250; some servers answer 200 or 226).</summary>
    internal static bool IsDeleted(FtpReply reply) => reply.Code is 250 or 200 or 226;

    /// <summary>Creates a folder (MKD); an existing folder is not an error.</summary>
    /// <param name="name">The folder's name.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns><see langword="true"/> when created, <see langword="false"/> when the server refused (usually: it exists).</returns>
    public async Task<bool> MakeDirectoryAsync(string name, CancellationToken cancellationToken)
    {
        var reply = await CommandAsync("MKD " + name, cancellationToken).ConfigureAwait(false);
        return reply.Code == 257;
    }

    /// <summary>Checks that the session is alive (NOOP).</summary>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>A task that completes when the server answered.</returns>
    public Task NoopAsync(CancellationToken cancellationToken) => ExpectAsync("NOOP", 200, cancellationToken);

    /// <summary>Sends a command and returns its reply, whatever the code (a lost connection or timeout throws).</summary>
    /// <param name="command">The command line without CRLF.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The reply.</returns>
    public async Task<FtpReply> CommandAsync(string command, CancellationToken cancellationToken)
    {
        await SendAsync(command, cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the session politely (QUIT) and closes the connection.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            _tlsName?.Dispose();
        }
    }

    private async ValueTask CloseAsync()
    {
        if (_control is null)
        {
            _socket?.Dispose();
            return;
        }

        if (!IsBroken)
        {
            try
            {
                using var scope = Deadline(TimeSpan.FromSeconds(2), CancellationToken.None);
                await SendAsync("QUIT", scope.Token).ConfigureAwait(false);
                await ReadReplyAsync("QUIT", scope.Token).ConfigureAwait(false);
            }
            catch (FtpException)
            {
                // The server may close first; the connection goes anyway.
            }
        }

        IsBroken = true;
        await _control.DisposeAsync().ConfigureAwait(false);
        _socket?.Dispose();
    }

    private static string Masked(string command) =>
        command.StartsWith("PASS ", StringComparison.OrdinalIgnoreCase) ? "PASS ****" : command;

    private async Task LoginAsync(CancellationToken cancellationToken)
    {
        var user = await CommandAsync("USER " + _options.User, cancellationToken).ConfigureAwait(false);
        if (user.Code == 230)
        {
            return;
        }

        if (user.Code != 331 && user.Code != 332)
        {
            throw new FtpException(FtpErrorKind.Login, "The server refused the user name.", "USER " + _options.User, user.Code, user.Text);
        }

        var pass = await CommandAsync("PASS " + _options.Password, cancellationToken).ConfigureAwait(false);
        if (pass.Code != 230 && pass.Code != 202)
        {
            throw new FtpException(FtpErrorKind.Login, "The server refused the login.", "PASS ****", pass.Code, pass.Text);
        }
    }

    private async Task ReadFeaturesAsync(CancellationToken cancellationToken)
    {
        var feat = await CommandAsync("FEAT", cancellationToken).ConfigureAwait(false);
        if (feat.Code != 211)
        {
            // Old and embedded servers answer 500/502: not fatal, we just assume nothing.
            Log.FeaturesRefused(_logger, feat.Code);
            return;
        }

        for (var i = 1; i < feat.Lines.Count - 1; i++)
        {
            var line = feat.Lines[i].Trim();
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            _features.Add(space < 0 ? line : line[..space]);
        }
    }

    private async Task StartControlTlsAsync(CancellationToken cancellationToken)
    {
        var ssl = new SslStream(_control!, leaveInnerStreamOpen: false);
        using var scope = Deadline(_options.ConnectTimeout, cancellationToken);
        try
        {
            await ssl.AuthenticateAsClientAsync(TlsOptions(), scope.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            IsBroken = true;
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw Translate(ex, "AUTH TLS", scope, "The TLS handshake on the control connection failed.", breaks: true, cancellationToken);
        }

        _control = ssl;
        _tlsActive = true;
    }

    private string TlsServerName => string.IsNullOrEmpty(_options.TlsServerName) ? _options.Host : _options.TlsServerName;

    private SslClientAuthenticationOptions TlsOptions() => new()
    {
        // Must be a DNS name for .NET on Linux to resume the control session on data connections (vsftpd/proftpd demand it).
        TargetHost = TlsServerName,
        RemoteCertificateValidationCallback = ValidateCertificate,
        CertificateRevocationCheckMode = string.IsNullOrEmpty(_options.PinnedCertificateSha256) ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
    };

    private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (!string.IsNullOrEmpty(_options.PinnedCertificateSha256))
        {
            if (certificate is null)
            {
                return false;
            }

            var actual = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
            var matches = string.Equals(actual, FtpSourceOptions.NormalizeThumbprint(_options.PinnedCertificateSha256), StringComparison.OrdinalIgnoreCase);
            if (!matches)
            {
                Log.CertificatePinMismatch(_logger, actual);
            }

            return matches;
        }

        if (errors != SslPolicyErrors.None)
        {
            Log.CertificateRefused(_logger, errors.ToString());
        }

        return errors == SslPolicyErrors.None;
    }

    private async Task<string> ReadListingAsync(string command, CancellationToken cancellationToken)
    {
        var bytes = new MemoryStream();
        await TransferAsync(command, null, async (stream, ct) =>
        {
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var read = await ReadDataAsync(stream, buffer, ct).ConfigureAwait(false);
                if (read == 0)
                {
                    return 0L;
                }

                bytes.Write(buffer, 0, read);
            }
        }, cancellationToken).ConfigureAwait(false);
        return _encoding.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
    }

    private async Task<int> ReadDataAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        using var scope = Deadline(_options.DataTimeout, cancellationToken);
        try
        {
            if (stream is NetworkStream plain)
            {
                WaitBrieflyForData(plain.Socket);
            }

            return await stream.ReadAsync(buffer, scope.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            throw Translate(ex, "DATA", scope, "The data connection failed.", breaks: false, cancellationToken);
        }
    }

    /// <summary>
    /// Runs a transfer: opens the passive data connection, sends the command, and (with TLS) runs the data handshake
    /// concurrently with waiting for the preliminary reply, because vsftpd and proftpd start the handshake only after
    /// their 1xx reply while ftp-srv replies only after the handshake. Then reads the final reply.
    /// </summary>
    private async Task<long> TransferAsync(string command, string[]? afterData, Func<Stream, CancellationToken, Task<long>> body, CancellationToken cancellationToken)
    {
        var endpoint = await PassiveEndpointAsync(cancellationToken).ConfigureAwait(false);
        var dataSocket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? data = null;
        try
        {
            // The data connection is opened and the command sent together: the kernel completes the passive port's TCP
            // handshake whether or not the server has called accept yet, so the server finds the connection waiting when
            // it reads the command, and the transfer does not wait one more round trip for the connect to complete. A
            // connect that fails after the command went out leaves that command's reply pending: the control connection
            // is then marked broken rather than read out of step.
            using (var connectScope = Deadline(_options.ConnectTimeout, cancellationToken))
            {
                var connect = dataSocket.ConnectAsync(endpoint, connectScope.Token).AsTask();
                try
                {
                    await SendAsync(command, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    dataSocket.Dispose(); // ends a connect still in progress at once
                    await ObserveAsync(connect).ConfigureAwait(false);
                    throw;
                }

                try
                {
                    await connect.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                {
                    throw Translate(ex, "DATA CONNECT", connectScope, $"Could not open the data connection to port {endpoint.Port}.", breaks: true, cancellationToken);
                }
            }

            data = new NetworkStream(dataSocket, ownsSocket: true);
            Task handshake = Task.CompletedTask;
            using var handshakeScope = Deadline(_options.DataTimeout, cancellationToken);
            if (_tlsActive)
            {
                var ssl = new SslStream(data, leaveInnerStreamOpen: false);
                data = ssl;
                handshake = ssl.AuthenticateAsClientAsync(TlsOptions(), handshakeScope.Token);
            }

            FtpReply first;
            try
            {
                first = await ReadReplyAsync(command, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await ObserveAsync(handshake).ConfigureAwait(false);
                throw;
            }

            if (!first.IsPreliminary && !first.IsSuccess)
            {
                await data.DisposeAsync().ConfigureAwait(false);
                await ObserveAsync(handshake).ConfigureAwait(false);
                throw new FtpException(FtpErrorKind.Reply, "The server refused the transfer.", Masked(command), first.Code, first.Text);
            }

            try
            {
                await handshake.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
            {
                IsBroken = true;
                throw Translate(ex, command, handshakeScope, "The TLS handshake on the data connection failed (a server that requires TLS session reuse refuses a full handshake: set TlsServerName to a DNS name in the certificate).", breaks: true, cancellationToken);
            }

            long result;
            try
            {
                result = await body(data, cancellationToken).ConfigureAwait(false);
            }
            catch (FtpException ex) when (ex.Kind is FtpErrorKind.Connection or FtpErrorKind.Timeout && !IsBroken)
            {
                // The data connection broke; the control connection may still report why (426) — or be gone too.
                await data.DisposeAsync().ConfigureAwait(false);
                var why = await TryReadFinalAsync(command, cancellationToken).ConfigureAwait(false);
                throw new FtpException(FtpErrorKind.Connection, "The data connection was lost during the transfer.", Masked(command), why?.Code, why?.Text, ex);
            }

            await data.DisposeAsync().ConfigureAwait(false);
            // afterData (pipelined) goes out while the final reply is still due, and its reply is read after it.
            var follow = afterData is { Length: > 0 } && !first.IsSuccess;
            if (follow)
            {
                await SendAsync(afterData![0], cancellationToken, afterData[1..]).ConfigureAwait(false);
            }

            var final = first.IsSuccess ? first : await ReadReplyAsync(command, cancellationToken).ConfigureAwait(false);
            if (follow)
            {
                foreach (var early in afterData!)
                {
                    var reply = await ReadReplyAsync(early, cancellationToken).ConfigureAwait(false);
                    if (final.IsSuccess)
                    {
                        _prefetched.Add((early, reply));
                    }
                }
            }

            if (!final.IsSuccess)
            {
                throw new FtpException(final.Code is 425 or 426 ? FtpErrorKind.Connection : FtpErrorKind.Reply, "The transfer did not complete.", Masked(command), final.Code, final.Text);
            }

            return result;
        }
        finally
        {
            if (data is not null)
            {
                await data.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                dataSocket.Dispose();
            }
        }
    }

    private async Task<FtpReply?> TryReadFinalAsync(string command, CancellationToken cancellationToken)
    {
        try
        {
            using var scope = Deadline(TimeSpan.FromSeconds(Math.Min(5, _options.CommandTimeout.TotalSeconds)), cancellationToken);
            return await ReadReplyAsync(command, scope.Token).ConfigureAwait(false);
        }
        catch (FtpException)
        {
            return null;
        }
    }

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The transfer failed for another reason, reported by the caller.
        }
    }

    private static bool IsTransferCommand(string command) =>
        command.StartsWith("RETR ", StringComparison.Ordinal) || command.StartsWith("REST ", StringComparison.Ordinal);

    private async Task<IPEndPoint> PassiveEndpointAsync(CancellationToken cancellationToken)
    {
        if (_preparedPassive is { } prepared)
        {
            _preparedPassive = null;
            return prepared;
        }

        if (!_epsvRefused && EpsvEndpoint(await CommandAsync("EPSV", cancellationToken).ConfigureAwait(false)) is { } endpoint)
        {
            return endpoint;
        }

        var pasv = await CommandAsync("PASV", cancellationToken).ConfigureAwait(false);
        if (pasv.Code != 227)
        {
            throw new FtpException(FtpErrorKind.Reply, "The server refused passive mode.", "PASV", pasv.Code, pasv.Text);
        }

        if (!FtpPassive.TryParsePasv(pasv.Text, out var address, out var port))
        {
            throw new FtpException(FtpErrorKind.Protocol, "The PASV reply holds no address.", "PASV", pasv.Code, pasv.Text);
        }

        return new IPEndPoint(FtpPassive.ChooseAddress(address, _remoteAddress!), port);
    }

    private async Task ExpectAsync(string command, int expected, CancellationToken cancellationToken)
    {
        var reply = await CommandAsync(command, cancellationToken).ConfigureAwait(false);
        if (reply.Code != expected && !(expected == 250 && reply.Code is 200 or 226) && !(expected == 200 && reply.Code is 202))
        {
            throw new FtpException(FtpErrorKind.Reply, "The server refused the command.", Masked(command), reply.Code, reply.Text);
        }
    }

    private async Task SendAsync(string command, CancellationToken cancellationToken, params string[] following)
    {
        if (_control is null || IsBroken)
        {
            throw new FtpException(FtpErrorKind.Connection, "The FTP connection is not open.", Masked(command), null, null);
        }

        _prefetched.Clear();
        if (_preparedPassive is not null && !IsTransferCommand(command))
        {
            // A passive endpoint is used only by the transfer that follows it at once (REST may come between).
            _preparedPassive = null;
        }

        Log.Command(_logger, Masked(command));
        foreach (var next in following)
        {
            Log.Command(_logger, Masked(next));
        }

        // Pipelined commands (following) go out in the same write as the first.
        var bytes = _encoding.GetBytes(following.Length == 0 ? command + "\r\n" : string.Join("\r\n", [command, .. following]) + "\r\n");
        using var scope = Deadline(_options.CommandTimeout, cancellationToken);
        try
        {
            await _control.WriteAsync(bytes, scope.Token).ConfigureAwait(false);
            await _control.FlushAsync(scope.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            throw Translate(ex, Masked(command), scope, "Sending the command failed.", breaks: true, cancellationToken);
        }
    }

    private async Task<FtpReply> ReadReplyAsync(string command, CancellationToken cancellationToken)
    {
        using var scope = Deadline(_options.CommandTimeout, cancellationToken);
        try
        {
            while (true)
            {
                var line = await ReadLineAsync(scope.Token).ConfigureAwait(false);
                if (_assembler.Add(line) is { } reply)
                {
                    Log.Reply(_logger, reply.Code);
                    if (reply.Code == 421)
                    {
                        // "Service not available, closing control connection."
                        IsBroken = true;
                    }

                    return reply;
                }
            }
        }
        catch (FtpException ex) when (ex.Kind == FtpErrorKind.Protocol)
        {
            IsBroken = true;
            throw new FtpException(FtpErrorKind.Protocol, "The server's reply was not valid FTP.", Masked(command), null, ex.ReplyText, ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            throw Translate(ex, Masked(command), scope, "No reply from the server.", breaks: true, cancellationToken);
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        _lineBytes.Clear();
        while (true)
        {
            if (_readStart == _readEnd)
            {
                _readStart = 0;
                if (!_tlsActive)
                {
                    WaitBrieflyForData(_socket);
                }

                _readEnd = await _control!.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false);
                if (_readEnd == 0)
                {
                    throw new IOException("The server closed the control connection.");
                }
            }

            var span = _readBuffer.AsSpan(_readStart, _readEnd - _readStart);
            var newline = span.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _lineBytes.AddRange(span);
                _readStart = _readEnd;
                if (_lineBytes.Count > MaxLineLength)
                {
                    throw new FtpException(FtpErrorKind.Protocol, "A reply line is too long.", null, null, null);
                }

                continue;
            }

            _lineBytes.AddRange(span[..newline]);
            _readStart += newline + 1;
            var count = _lineBytes.Count;
            if (count > 0 && _lineBytes[count - 1] == (byte)'\r')
            {
                count--;
            }

            return _encoding.GetString(CollectionsMarshalSpan(count));
        }
    }

    /// <summary>
    /// Waits on this thread, for at most <see cref="ReadyWaitMicroseconds"/>, until the socket has data to read. A fast
    /// server's reply (loopback, LAN) then completes the following read synchronously, instead of going through the
    /// socket engine's event thread and a thread-pool hop per reply — a handful of context switches per file that
    /// dominate small-file acquisition on a busy host. A slower reply falls back to the ordinary asynchronous read,
    /// with its time limit and cancellation; the bounded wait does not count against either. TLS streams are left
    /// alone (their decrypted bytes may be buffered inside the stream with nothing left on the socket).
    /// </summary>
    private static void WaitBrieflyForData(Socket? socket)
    {
        try
        {
            if (socket is { Available: 0 })
            {
                _ = socket.Poll(ReadyWaitMicroseconds, SelectMode.SelectRead);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The read that follows reports the failure.
        }
    }

    private ReadOnlySpan<byte> CollectionsMarshalSpan(int count) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_lineBytes)[..count];

    private FtpException Translate(Exception ex, string command, OperationScope scope, string message, bool breaks, CancellationToken callerToken)
    {
        if (breaks)
        {
            IsBroken = true;
        }

        if (ex is OperationCanceledException && callerToken.IsCancellationRequested)
        {
            // The caller cancelled: the connection state is unknown, so it is broken, but this is not an FTP failure.
            IsBroken = true;
            throw new OperationCanceledException(ex.Message, ex, callerToken);
        }

        if (ex is OperationCanceledException && scope.TimedOut)
        {
            IsBroken = true;
            return new FtpException(FtpErrorKind.Timeout, message + " The time limit passed.", command, null, null, ex);
        }

        if (ex is AuthenticationException)
        {
            return new FtpException(FtpErrorKind.Tls, message + " " + ex.Message, command, null, null, ex);
        }

        return new FtpException(FtpErrorKind.Connection, message + " " + ex.Message, command, null, null, ex);
    }

    private OperationScope Deadline(TimeSpan timeout, CancellationToken cancellationToken) => new(timeout, _timeProvider, cancellationToken);

    /// <summary>A time limit linked with the caller's token; tells a timeout from the caller's cancellation.</summary>
    private sealed class OperationScope : IDisposable
    {
        private readonly CancellationTokenSource _timeout;
        private readonly CancellationTokenSource _linked;

        public OperationScope(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
        {
            _timeout = new CancellationTokenSource(timeout, timeProvider);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token, cancellationToken);
        }

        public CancellationToken Token => _linked.Token;

        public bool TimedOut => _timeout.IsCancellationRequested;

        public void Dispose()
        {
            _linked.Dispose();
            _timeout.Dispose();
        }
    }
}
