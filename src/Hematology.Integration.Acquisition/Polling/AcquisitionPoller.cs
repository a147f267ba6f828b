using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hematology.Integration.Acquisition;

/// <summary>
/// Polls many analyzers' sources concurrently, each on its own interval (with jitter), and hands every stable,
/// durably downloaded file on in a deterministic order (modification time, then name) before removing the source
/// copy. A failing source is retried with a doubling back-off and never delays the others. Host it in a background
/// service: <c>await poller.RunAsync(stoppingToken)</c>.
/// </summary>
public sealed class AcquisitionPoller : IAsyncDisposable
{
    private readonly AcquisitionOptions _options;
    private readonly Func<FileAcquiredArguments, ValueTask> _onAcquired;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly FileAcquirer _acquirer;
    private const int CommitWindow = 32;
    private readonly List<SourceState> _sources = [];

    /// <summary>Creates a poller.</summary>
    /// <param name="options">The spool folder, jitter, back-off and stability rules.</param>
    /// <param name="onAcquired">Receives each acquired file, in order; the source copy is removed after it returns (and after <see cref="BeforeRemoval"/>).</param>
    /// <param name="loggerFactory">Creates the logger; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock for intervals and stability; <see langword="null"/> for the system clock.</param>
    public AcquisitionPoller(AcquisitionOptions options, Func<FileAcquiredArguments, ValueTask> onAcquired, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(options, onAcquired, loggerFactory, timeProvider, null)
    {
    }

    /// <summary>Creates a poller whose spool folder flushes go through <paramref name="flushFolder"/> (tests inject failures).</summary>
    internal AcquisitionPoller(AcquisitionOptions options, Func<FileAcquiredArguments, ValueTask> onAcquired, ILoggerFactory? loggerFactory, TimeProvider? timeProvider, Action<string>? flushFolder)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onAcquired);
        OptionsGuard.ThrowIfInvalid(new AcquisitionOptionsValidator().Validate(null, options));
        _options = options;
        _onAcquired = onAcquired;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<AcquisitionPoller>();
        _acquirer = new FileAcquirer(options.SpoolDirectory, options.Stability, _timeProvider, _logger, flushFolder);
    }

    /// <summary>Gets or sets a callback told after a source copy was deleted or archived (for the audit trail).</summary>
    public Func<FileRemovedArguments, ValueTask>? OnRemoved { get; set; }

    /// <summary>
    /// Gets or sets a callback run once per hand-over batch: after the <c>onAcquired</c> callback has returned for
    /// every file of the batch and before any of their source copies is removed. Files are handed over in batches
    /// of the copies already written when the oldest one is due, so a caller that records each hand-over (the
    /// pipeline's audit trail) can make all of a batch's records durable here with one flush instead of one per file.
    /// When it throws, no copy of the batch is removed (the files are already handed on; their claimed source copies
    /// are put back by the next start's recovery and taken again, with the same content).
    /// </summary>
    public Func<CancellationToken, ValueTask>? BeforeRemoval { get; set; }

    /// <summary>Adds a source to poll (before <see cref="RunAsync"/>).</summary>
    /// <param name="source">The source; the poller disposes it.</param>
    /// <param name="pollInterval">How often to poll it; <see langword="null"/> for the source's own setting (15 seconds by default).</param>
    /// <param name="maxFileBytes">The largest file accepted from it; <see langword="null"/> for the source's own setting (64 MiB by default).</param>
    /// <param name="downloadAttempts">How many times an interrupted copy is resumed; <see langword="null"/> for the source's own setting (3 by default).</param>
    public void Add(IResultFileSource source, TimeSpan? pollInterval = null, long? maxFileBytes = null, int? downloadAttempts = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var interval = pollInterval ?? source switch
        {
            FtpFileSource ftp => ftp.PollInterval,
            LocalFolderFileSource local => local.PollInterval,
            _ => AcquisitionDefaults.PollInterval,
        };
        var maxBytes = maxFileBytes ?? source switch
        {
            FtpFileSource ftp => ftp.MaxFileBytes,
            LocalFolderFileSource local => local.MaxFileBytes,
            _ => AcquisitionDefaults.MaxFileBytes,
        };
        var attempts = downloadAttempts ?? (source is FtpFileSource f ? f.DownloadAttempts : AcquisitionDefaults.DownloadAttempts);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(pollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxBytes, 0, nameof(maxFileBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1, nameof(downloadAttempts));
        _sources.Add(new SourceState(source, interval, maxBytes, attempts, new StabilityTracker(_options.Stability, _timeProvider)));
    }

    /// <summary>Polls every source until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops polling.</param>
    /// <returns>A task that completes when every source loop has stopped.</returns>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_sources.Select(s => Task.Run(() => LoopAsync(s, cancellationToken), CancellationToken.None)));

    /// <summary>Polls one source once: list, track stability, acquire the stable files in order, hand them on, remove them.</summary>
    /// <param name="source">A source added with <see cref="Add"/>.</param>
    /// <param name="cancellationToken">Cancels the poll.</param>
    /// <returns>How many files were acquired.</returns>
    public async Task<int> PollOnceAsync(IResultFileSource source, CancellationToken cancellationToken = default)
    {
        var state = _sources.Find(s => ReferenceEquals(s.Source, source)) ?? throw new ArgumentException("The source was not added to this poller.", nameof(source));
        return await PollAsync(state, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes every source (closing their sessions).</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var state in _sources)
        {
            await state.Source.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task LoopAsync(SourceState state, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                await PollAsync(state, cancellationToken).ConfigureAwait(false);
                failures = 0;
                if (state.Source is FtpFileSource { OthersWaiting: true } shared)
                {
                    // Another analyzer on the same server waits for a session: give ours up until the next poll.
                    await shared.DisconnectAsync().ConfigureAwait(false);
                }

                delay = Jittered(state.Interval);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is FtpException or IOException or SocketException or UnauthorizedAccessException or OperationCanceledException)
            {
                failures++;
                var factor = Math.Pow(2, Math.Min(failures, 16));
                delay = TimeSpan.FromTicks((long)Math.Min(_options.MaxBackoff.Ticks, state.Interval.Ticks * factor));
                Log.PollFailed(_logger, ex, state.Source.AnalyzerId.Value, ex is FtpException f ? f.Kind.ToString() : ex.GetType().Name, delay);
                if (state.Source is FtpFileSource ftp)
                {
                    await ftp.DisconnectAsync().ConfigureAwait(false);
                }
            }

            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<int> PollAsync(SourceState state, CancellationToken cancellationToken)
    {
        var source = state.Source;
        var listing = await source.ListAsync(cancellationToken).ConfigureAwait(false);
        var files = listing.Files;
        if (state.Kept.Count > 0)
        {
            // Files acquired before whose removal failed (a read-only export, DELE refused) are not taken again
            // while they are unchanged; a changed or re-written file is new data and is taken.
            state.Kept.IntersectWith(files);
            files = files.Where(f => !state.Kept.Contains(f)).ToList();
        }

        var stable = state.Tracker.Observe(files);
        var acquired = 0;

        // Downloads run one after another on the source's connection; each copy's fsync and rename run in the
        // background meanwhile (up to CommitWindow at once). Files are handed on, then removed from the source,
        // strictly in order and only once their copy is durable: the spool folder is flushed just before the
        // hand-over, once for every copy renamed so far (group commit), not once per copy.
        var committing = new Queue<(Task<CommittedFile> Commit, ClaimedFile Claim)>();
        try
        {
            foreach (var file in stable)
            {
                DownloadedFile? downloaded;
                try
                {
                    downloaded = await _acquirer.DownloadAsync(source, file, state.DownloadAttempts, state.MaxFileBytes, cancellationToken).ConfigureAwait(false);
                }
                catch (FtpException ex) when (!ex.IsTransient)
                {
                    // This file cannot be taken (permissions, refused RETR): report it and go on with the others.
                    Log.FileFailed(_logger, ex, FileNames.Sanitise(file.Name), source.AnalyzerId.Value, ex.Kind.ToString());
                    state.Tracker.Forget(file.Name);
                    continue;
                }
                catch (IOException ex) when (ex is not FileNotFoundException)
                {
                    Log.FileFailed(_logger, ex, FileNames.Sanitise(file.Name), source.AnalyzerId.Value, "local or size limit");
                    state.Tracker.Forget(file.Name);
                    continue;
                }

                state.Tracker.Forget(file.Name);
                if (downloaded is null)
                {
                    continue;
                }

                var commit = Task.Run(() => _acquirer.WriteAsync(downloaded, cancellationToken), CancellationToken.None);
                committing.Enqueue((commit, downloaded.Claim));
                while (committing.Count >= CommitWindow)
                {
                    acquired += await HandOverAsync(state, committing, cancellationToken).ConfigureAwait(false);
                }
            }

            while (committing.Count > 0)
            {
                acquired += await HandOverAsync(state, committing, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // On failure, let the background commits finish and make their copies durable as before (they stay in the
            // spool's acquired folder, not handed over; a copy that cannot be written or flushed is deleted and its
            // claim released by the acquirer's own error handling).
            foreach (var (commit, _) in committing)
            {
                try
                {
                    await _acquirer.MakeDurableAsync(await commit.ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
                {
                    Log.FileFailed(_logger, ex, "(pending)", source.AnalyzerId.Value, "commit abandoned");
                }
            }
        }

        Log.Polled(_logger, source.AnalyzerId.Value, listing.Files.Count, stable.Count, acquired);
        return acquired;
    }

    /// <summary>
    /// Hands over the oldest pending copy and every later one already written (in order), then, after
    /// <see cref="BeforeRemoval"/>, removes their source copies.
    /// </summary>
    private async Task<int> HandOverAsync(SourceState state, Queue<(Task<CommittedFile> Commit, ClaimedFile Claim)> committing, CancellationToken cancellationToken)
    {
        var source = state.Source;
        var batch = new List<(AcquiredFile File, ClaimedFile Claim)>();
        do
        {
            var pending = committing.Dequeue();
            AcquiredFile file;
            try
            {
                file = await _acquirer.MakeDurableAsync(await pending.Commit.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.FileFailed(_logger, ex, FileNames.Sanitise(pending.Claim.File.Name), source.AnalyzerId.Value, "local copy could not be made durable");
                continue;
            }

            await _onAcquired(new FileAcquiredArguments(file, cancellationToken)).ConfigureAwait(false);
            batch.Add((file, pending.Claim));
        }
        while (committing.Count > 0 && committing.Peek().Commit.IsCompleted);

        if (batch.Count > 0 && BeforeRemoval is { } beforeRemoval)
        {
            await beforeRemoval(cancellationToken).ConfigureAwait(false);
        }

        if (batch.Count > 1 && source is FtpFileSource { DeletesInBatches: true } ftp)
        {
            await DeleteBatchAsync(state, ftp, batch, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var (file, claim) in batch)
            {
                await RemoveAsync(state, file, claim, cancellationToken).ConfigureAwait(false);
            }
        }

        return batch.Count;
    }

    /// <summary>Deletes a batch's source copies with pipelined DELEs; each file's failure is handled as in <see cref="RemoveAsync"/>.</summary>
    private async Task DeleteBatchAsync(SourceState state, FtpFileSource source, List<(AcquiredFile File, ClaimedFile Claim)> batch, CancellationToken cancellationToken)
    {
        Exception?[] outcomes;
        try
        {
            outcomes = await source.DeleteManyAsync(batch.ConvertAll(b => b.Claim), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FtpException or IOException or UnauthorizedAccessException)
        {
            // Nothing was sent (the session could not be opened): every copy stays on the source.
            outcomes = Enumerable.Repeat<Exception?>(ex, batch.Count).ToArray();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var (file, claim) = batch[i];
            if (outcomes[i] is { } failure)
            {
                KeepAfterFailedRemoval(state, file, claim, failure);
            }
            else if (OnRemoved is { } onRemoved)
            {
                await onRemoved(new FileRemovedArguments(file, null, cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    private async Task RemoveAsync(SourceState state, AcquiredFile file, ClaimedFile claim, CancellationToken cancellationToken)
    {
        var source = state.Source;
        string? archivedAs;
        try
        {
            archivedAs = await source.RemoveAsync(claim, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FtpException or IOException or UnauthorizedAccessException)
        {
            KeepAfterFailedRemoval(state, file, claim, ex);
            return;
        }

        if (OnRemoved is { } onRemoved)
        {
            await onRemoved(new FileRemovedArguments(file, archivedAs, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The copy is durable and handed on; the source copy stays where it is (in the processing folder when claimed,
    /// never listed again; otherwise remembered so that it is not taken twice).
    /// </summary>
    private void KeepAfterFailedRemoval(SourceState state, AcquiredFile file, ClaimedFile claim, Exception ex)
    {
        var analyzer = state.Source.AnalyzerId.Value;
        Log.FileFailed(_logger, ex, file.SourceName, analyzer, "removal failed; the file stays on the source");
        state.Kept.Add(claim.File);
        Log.KeptAfterFailedRemoval(_logger, file.SourceName, analyzer);
    }

    private TimeSpan Jittered(TimeSpan interval)
    {
        if (_options.PollJitter <= 0)
        {
            return interval;
        }

#pragma warning disable CA5394 // Jitter, not security.
        var factor = 1 + (((Random.Shared.NextDouble() * 2) - 1) * _options.PollJitter);
#pragma warning restore CA5394
        return TimeSpan.FromTicks((long)(interval.Ticks * factor));
    }

    private sealed record SourceState(IResultFileSource Source, TimeSpan Interval, long MaxFileBytes, int DownloadAttempts, StabilityTracker Tracker)
    {
        /// <summary>Gets the files acquired whose removal failed, as listed then (name, size, modification time).</summary>
        public HashSet<SourceFile> Kept { get; } = [];
    }
}
