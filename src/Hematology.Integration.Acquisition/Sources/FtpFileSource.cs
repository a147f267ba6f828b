using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hematology.Integration.Acquisition;

/// <summary>
/// An analyzer's FTP/FTPS server as a result file source. It owns at most one connection, reused across polls and
/// reopened after a failure; the number of sessions open to one server (host and port) is limited by
/// <see cref="FtpSourceOptions.MaxConnections"/> across every source in the process. Operations are serialised.
/// </summary>
public sealed class FtpFileSource : IResultFileSource
{
    private static readonly Dictionary<string, ServerGate> ServerGates = new(StringComparer.OrdinalIgnoreCase);
    private readonly FtpSourceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _operations = new(1, 1);
    private readonly ServerGate _serverGate;
    private FtpClient? _client;
    private bool _foldersReady;
    private bool _disposed;
    private bool _exactTimes;
    private bool _renameUnsupported;

    /// <summary>Claimed paths whose modification time was read exactly (MDTM) at the claim: the re-check compares MDTM with it.</summary>
    private readonly HashSet<string> _exactClaims = new(StringComparer.Ordinal);

    /// <summary>Creates the source; it connects on first use.</summary>
    /// <param name="options">The server, credentials, TLS and folders.</param>
    /// <param name="loggerFactory">Creates the logger; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock for time limits; <see langword="null"/> for the system clock.</param>
    public FtpFileSource(FtpSourceOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsGuard.ThrowIfInvalid(new FtpSourceOptionsValidator().Validate(null, options));
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<FtpFileSource>();
        AnalyzerId = AnalyzerId.Create(options.AnalyzerId);
        var directory = options.RemoteDirectory.Trim('/');
        var host = options.Host.Contains(':', StringComparison.Ordinal) ? "[" + options.Host + "]" : options.Host;
        var scheme = options.TlsMode == FtpTlsMode.None ? "ftp" : "ftps";
        Location = string.Create(CultureInfo.InvariantCulture, $"{scheme}://{host}:{options.Port}/{(directory.Length == 0 ? string.Empty : directory + "/")}");
        ServerKey = string.Create(CultureInfo.InvariantCulture, $"{options.Host}:{options.Port}");
        lock (ServerGates)
        {
            if (!ServerGates.TryGetValue(ServerKey, out var gate))
            {
                gate = new ServerGate(options.MaxConnections);
                ServerGates[ServerKey] = gate;
            }

            _serverGate = gate;
        }
    }

    /// <inheritdoc />
    public AnalyzerId AnalyzerId { get; }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>Gets the polling interval.</summary>
    internal TimeSpan PollInterval => _options.PollInterval;

    /// <summary>Gets the largest file accepted.</summary>
    internal long MaxFileBytes => _options.MaxFileBytes;

    /// <summary>Gets how many times an interrupted download is resumed.</summary>
    internal int DownloadAttempts => _options.DownloadAttempts;

    /// <summary>Gets the server key (host:port) the connection limit applies to.</summary>
    internal string ServerKey { get; }

    /// <summary>Gets whether another source waits for a session to this server, or for this TLS server name (so this one should close its session between polls).</summary>
    internal bool OthersWaiting => Volatile.Read(ref _serverGate.Waiting) > 0
        || (_options.TlsMode != FtpTlsMode.None && TlsSessionGate.HasWaiters(string.IsNullOrEmpty(_options.TlsServerName) ? _options.Host : _options.TlsServerName));

    /// <summary>Gets whether a session is open now.</summary>
    internal bool IsConnected => _client is { IsConnected: true };

    /// <inheritdoc />
    public ValueTask<SourceListing> ListAsync(CancellationToken cancellationToken = default) =>
        RunAsync(async (client, ct) =>
        {
            var listing = await client.ListAsync(ct).ConfigureAwait(false);
            _exactTimes = listing.ExactTimes;
            var files = new List<SourceFile>(listing.Entries.Count);
            foreach (var entry in listing.Entries)
            {
                if (entry.Kind == FtpListEntryKind.File && FileNames.Matches(entry.Name, _options.FilePattern))
                {
                    files.Add(new SourceFile(entry.Name, entry.Size ?? 0, entry.Modified));
                }
            }

            if (listing.UnparsedLines.Count > 0)
            {
                Log.UnparsedListing(_logger, Location, listing.UnparsedLines.Count, listing.UnparsedLines[0]);
            }

            return new SourceListing(files, listing.UnparsedLines);
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ClaimedFile?> ClaimAsync(SourceFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return RunAsync<ClaimedFile?>(async (client, ct) =>
        {
            if (string.IsNullOrEmpty(_options.ProcessingFolder) || _renameUnsupported)
            {
                return new ClaimedFile(file, file.Name);
            }

            await EnsureFoldersAsync(client, ct).ConfigureAwait(false);
            var target = _options.ProcessingFolder + "/" + file.Name;
            // Without exact listing times (LIST), pipelining also reads the claimed file's MDTM in the claim's write, so
            // that the re-check after the download can compare times exactly, not only sizes.
            var readTime = _options.PipelineCommands && !_exactTimes && file.ModifiedAt is not null;
            DateTimeOffset? exact;
            try
            {
                exact = await client.ClaimRenameAsync(file.Name, target, ct, readTime).ConfigureAwait(false);
            }
            catch (FtpException ex) when (ex.Kind == FtpErrorKind.Reply && ex.ReplyCode is 500 or 502 or 504)
            {
                // The server does not implement renames (some embedded servers): claiming is not allowed here, so
                // files are taken where they are, without the protection against a second instance.
                _renameUnsupported = true;
                Log.ClaimUnsupported(_logger, Location, ex.ReplyCode.Value, ex.Command ?? "RNFR");
                return new ClaimedFile(file, file.Name);
            }
            catch (FtpException ex) when (ex.Kind == FtpErrorKind.Reply && ex.ReplyCode is 450 or 550 or 553)
            {
                // RNFR 550: the file is gone (another instance claimed it). RNTO 553/550: the name is taken in processing/.
                Log.ClaimLost(_logger, file.Name, Location);
                return null;
            }

            Log.Claimed(_logger, file.Name, Location);
            if (exact is null)
            {
                _exactClaims.Remove(target);
                return new ClaimedFile(file, target);
            }

            _exactClaims.Add(target);
            return new ClaimedFile(file with { ModifiedAt = exact }, target);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<long> CopyToAsync(ClaimedFile file, long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(destination);
        return RunAsync((client, ct) => client.DownloadAsync(file.Path, offset, destination, ct, recheckTime: ComparesTimes(file)), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<SourceFile?> GetCurrentAsync(ClaimedFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return RunAsync<SourceFile?>(async (client, ct) =>
        {
            var size = await client.SizeAsync(file.Path, ct).ConfigureAwait(false);
            if (size is null)
            {
                return null;
            }

            // MDTM is exact UTC: comparable with MLSD times, or with the MDTM read at the claim. After a LIST alone
            // (server-local minutes) the size decides.
            var compare = ComparesTimes(file);
            _exactClaims.Remove(file.Path);
            var modified = compare ? await client.ModifiedTimeAsync(file.Path, ct).ConfigureAwait(false) : file.File.ModifiedAt;
            return new SourceFile(file.File.Name, size.Value, modified);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(ClaimedFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new ValueTask(RunAsync(async (client, ct) =>
        {
            _exactClaims.Remove(file.Path);
            if (!string.Equals(file.Path, file.File.Name, StringComparison.Ordinal))
            {
                await client.RenameAsync(file.Path, file.File.Name, ct).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken).AsTask());
    }

    /// <inheritdoc />
    public ValueTask<string?> RemoveAsync(ClaimedFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return RunAsync<string?>(async (client, ct) =>
        {
            if (_options.AfterDownload == AfterDownloadAction.Delete)
            {
                await client.DeleteAsync(file.Path, ct).ConfigureAwait(false);
                Log.Disposed(_logger, file.File.Name, Location, "deleted");
                return null;
            }

            await EnsureFoldersAsync(client, ct).ConfigureAwait(false);
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var target = _options.ArchiveFolder + "/" + FileNames.WithSuffix(file.File.Name, attempt);
                // Never overwrite: RNTO onto an existing name replaces it on most servers, so look first.
                if (await client.SizeAsync(target, ct).ConfigureAwait(false) is not null)
                {
                    continue;
                }

                await client.RenameAsync(file.Path, target, ct).ConfigureAwait(false);
                Log.Disposed(_logger, file.File.Name, Location, "archived as " + target);
                return target;
            }

            throw new FtpException(FtpErrorKind.Reply, "No free archive name.", "RNTO", null, null);
        }, cancellationToken);
    }

    /// <summary>Whether the re-check compares modification times: exact listing times (MLSD), or an MDTM read at the claim.</summary>
    private bool ComparesTimes(ClaimedFile file) => file.File.ModifiedAt is not null && (_exactTimes || _exactClaims.Contains(file.Path));

    /// <summary>Gets whether a hand-over batch's removals go out as pipelined DELEs (<see cref="DeleteManyAsync"/>).</summary>
    internal bool DeletesInBatches => _options.PipelineCommands && _options.AfterDownload == AfterDownloadAction.Delete;

    /// <summary>
    /// Deletes claimed files with their DELE commands in one write (one round trip for the lot; only with
    /// <see cref="FtpSourceOptions.PipelineCommands"/>). Each file's outcome is its own: a refusal or a session lost
    /// part-way fails the files not answered, never the ones the server confirmed.
    /// </summary>
    /// <param name="files">The claimed files, in order.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>Per file, in order: <see langword="null"/> when deleted, else why not.</returns>
    internal ValueTask<FtpException?[]> DeleteManyAsync(IReadOnlyList<ClaimedFile> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        return RunAsync(async (client, ct) =>
        {
            var outcomes = new FtpException?[files.Count];
            var replies = new List<FtpReply>(files.Count);
            try
            {
                await client.DeleteManyAsync(files.Select(f => f.Path).ToArray(), replies, ct).ConfigureAwait(false);
            }
            catch (FtpException ex)
            {
                for (var i = replies.Count; i < files.Count; i++)
                {
                    outcomes[i] = ex;
                }
            }

            for (var i = 0; i < replies.Count; i++)
            {
                if (FtpClient.IsDeleted(replies[i]))
                {
                    Log.Disposed(_logger, files[i].File.Name, Location, "deleted");
                }
                else
                {
                    outcomes[i] = new FtpException(FtpErrorKind.Reply, "The server refused the command.", "DELE " + files[i].Path, replies[i].Code, replies[i].Text);
                }
            }

            return outcomes;
        }, cancellationToken);
    }

    /// <summary>Closes the session (QUIT) if one is open.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _operations.WaitAsync().ConfigureAwait(false);
        try
        {
            await DisconnectAsync().ConfigureAwait(false);
        }
        finally
        {
            _operations.Release();
        }
    }

    /// <summary>Closes the session now (it is reopened on the next operation).</summary>
    internal async Task DisconnectAsync()
    {
        if (_client is not null)
        {
            var client = _client;
            _client = null;
            try
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                _serverGate.Slots.Release();
            }
        }
    }

    private async ValueTask<T> RunAsync<T>(Func<FtpClient, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _operations.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var client = await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await operation(client, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (client.IsBroken)
                {
                    await DisconnectAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _operations.Release();
        }
    }

    private async Task<FtpClient> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsBroken: false })
        {
            return _client;
        }

        await DisconnectAsync().ConfigureAwait(false);
        Interlocked.Increment(ref _serverGate.Waiting);
        try
        {
            await _serverGate.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _serverGate.Waiting);
        }

        var client = new FtpClient(_options, _timeProvider, _logger);
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            _serverGate.Slots.Release();
            throw;
        }

        _client = client;
        _foldersReady = false;
        Log.Connected(_logger, Location);
        return client;
    }

    private async Task EnsureFoldersAsync(FtpClient client, CancellationToken cancellationToken)
    {
        if (_foldersReady)
        {
            return;
        }

        if (!string.IsNullOrEmpty(_options.ProcessingFolder))
        {
            await client.MakeDirectoryAsync(_options.ProcessingFolder, cancellationToken).ConfigureAwait(false);
        }

        if (_options.AfterDownload == AfterDownloadAction.Archive)
        {
            await client.MakeDirectoryAsync(_options.ArchiveFolder, cancellationToken).ConfigureAwait(false);
        }

        _foldersReady = true;
    }

    /// <summary>The per-server session limit shared by every source on one host and port (lives as long as the process).</summary>
#pragma warning disable CA1001 // Process-wide and never released; a SemaphoreSlim without a wait handle holds no OS resource.
    private sealed class ServerGate(int slots)
    {
        public readonly SemaphoreSlim Slots = new(slots, slots);
        public int Waiting;
    }
#pragma warning restore CA1001
}
