using Hematology.Integration.Resilience;
using System.Globalization;
using System.Threading.Channels;
using Hematology.Integration.Diagnostics;
using Hematology.Integration.Monitoring;
using Hematology.Integration.Spool;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Pipeline;

/// <summary>
/// Runs the whole pipeline: recovers the spool, re-processes files a crash left in <c>acquired/</c>, polls every
/// analyzer on its own loop (a dead analyzer never stalls the others), processes each analyzer's files in
/// acquisition order, and runs one dispatcher per destination.
/// </summary>
internal sealed partial class PipelineRunner(
    DurableSpool spool,
    IReadOnlyList<(IAnalyzerSourcePort Source, AnalyzerRoute Route)> analyzers,
    IReadOnlyList<Dispatcher> dispatchers,
    FileProcessor processor,
    IEmergencyPause pause,
    IAuditPort audit,
    PipelineTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<PipelineRunner> logger)
{
    private long _filesSettled;

    /// <summary>Raised after each file is settled (queued, or quarantined), for progress displays and tests.</summary>
    public Action<FileOutcome>? FileSettled { get; set; }

    /// <summary>Gets or sets who is told about polls and settled files (the monitor).</summary>
    public IPipelineObserver? Observer { get; init; }

    /// <summary>Gets how many files have been settled since start.</summary>
    public long FilesSettled => Interlocked.Read(ref _filesSettled);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var removed = spool.Recover();
        processor.MessagesQueued = () =>
        {
            foreach (var d in dispatchers)
            {
                d.Wake();
            }
        };
        processor.ValidationObserved = pause.ReportValidation;
        telemetry.Observe(spool.CountOutbox, () => spool.ListQuarantine().Count, () => pause.IsPaused);

        Observer?.RunnerStarted(analyzers.Select(a => a.Source.AnalyzerId));
        try
        {
            await RecoverAndRunAsync(removed, cancellationToken).ConfigureAwait(false);
            Observer?.RunnerStopped();
        }
        catch (Exception ex)
        {
            Observer?.RunnerStopped(ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? null : ex);
            throw;
        }
    }

    private async Task RecoverAndRunAsync(int removed, CancellationToken cancellationToken)
    {
        var recovered = 0;
        foreach (var (source, route) in analyzers)
        {
            var leftovers = await RecoverAcquiredAsync(source.AnalyzerId, cancellationToken).ConfigureAwait(false);
            Observer?.FilesAcquired(leftovers.Count);
            foreach (var file in leftovers)
            {
                recovered++;
                await SettleAsync(file, route, cancellationToken).ConfigureAwait(false);
            }
        }

        if (removed > 0 || recovered > 0)
        {
            await audit.WriteAsync(new PipelineAuditEvent
            {
                Type = PipelineEvents.SpoolRecovered,
                Details = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["temporaryFilesRemoved"] = removed.ToString(CultureInfo.InvariantCulture),
                    ["filesReprocessed"] = recovered.ToString(CultureInfo.InvariantCulture),
                    ["outbox"] = spool.CountOutbox().ToString(CultureInfo.InvariantCulture),
                },
            }, cancellationToken).ConfigureAwait(false);
            LogRecovered(logger, removed, recovered, spool.CountOutbox());
        }

        // Any loop that fails (a spool that cannot be written) stops the others, and the failure reaches the host.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = dispatchers.Select(d => d.RunAsync(stopping.Token))
            .Concat(analyzers.Select(a => PollLoopAsync(a.Source, a.Route, stopping.Token)))
            .ToList();
        var pending = tasks.ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (done.IsFaulted)
            {
                await stopping.CancelAsync().ConfigureAwait(false);
                break;
            }
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal shutdown: in-flight messages stay in the outbox and are resent after the restart.
        }
    }

    /// <summary>Files a crash left in <c>acquired/&lt;analyzer&gt;/</c>: durable, hashed again, processed first.</summary>
    internal async Task<IReadOnlyList<AcquiredFile>> RecoverAcquiredAsync(AnalyzerId analyzer, CancellationToken cancellationToken)
    {
        var folder = spool.AcquiredDirectory(analyzer);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var files = new List<AcquiredFile>();
        foreach (var path in Directory.EnumerateFiles(folder).Where(p => !p.EndsWith(".tmp", StringComparison.Ordinal) && !p.EndsWith(".partial", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var stream = File.OpenRead(path);
            Sha256Digest sha;
            long length;
            await using (stream.ConfigureAwait(false))
            {
                length = stream.Length;
                sha = await Sha256Digest.ComputeAsync(stream, cancellationToken).ConfigureAwait(false);
            }

            files.Add(new AcquiredFile
            {
                AnalyzerId = analyzer,
                CorrelationId = CorrelationId.New(timeProvider),
                SourceName = Path.GetFileName(path),
                SourceLocation = "spool:acquired/" + analyzer.Value,
                LocalPath = path,
                Length = length,
                Sha256 = sha,
                AcquiredAt = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero),
                Sequence = files.Count + 1,
            });
        }

        return files;
    }

    private async Task PollLoopAsync(IAnalyzerSourcePort source, AnalyzerRoute route, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await pause.WaitWhilePausedAsync(cancellationToken).ConfigureAwait(false);
            Observer?.PollStarted(source.AnalyzerId);

            // Each file is settled as soon as its local copy is durable, while the poll downloads the next ones; one
            // reader per analyzer keeps acquisition order.
            var acquired = Channel.CreateUnbounded<AcquiredFile>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            using var stopPoll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var settling = SettleAcquiredAsync(acquired.Reader, route, stopPoll, cancellationToken);
            Exception? sourceError = null;
            int settled;
            try
            {
                await source.PollAsync(acquired.Writer, stopPoll.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stopPoll.IsCancellationRequested)
            {
                // The source is unreachable or misbehaves: retry later; the other analyzers go on.
                sourceError = ex;
            }
            finally
            {
                // Files already taken are settled whatever ended the poll. A failure to settle one (the spool's disk
                // full or unwritable) is not the source's: it stops the runner and is reported by the host; the files
                // stay durable in acquired/ and are processed after the restart.
                acquired.Writer.TryComplete();
                settled = await settling.ConfigureAwait(false);
            }

            TimeSpan wait;
            if (sourceError is null)
            {
                failures = 0;
                wait = source.PollInterval;
                Observer?.PollCompleted(source.AnalyzerId, settled, source.PendingAtSource);
            }
            else
            {
                failures++;
                Observer?.PollCompleted(source.AnalyzerId, -1);
                wait = TimeSpan.FromSeconds(Math.Min(300, source.PollInterval.TotalSeconds * Math.Pow(2, Math.Min(failures, 6))));
                LogPollFailed(logger, source.AnalyzerId.Value, sourceError.GetType().Name, sourceError.Message, wait.TotalSeconds);
            }

            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Settles one poll's files in the order they arrive; a failure stops the poll (no point taking more). A file is
    /// completed (its audit made durable, the move to processed/) while the next one is validated and queued; files
    /// are queued and completed in acquisition order.
    /// </summary>
    private async Task<int> SettleAcquiredAsync(ChannelReader<AcquiredFile> acquired, AnalyzerRoute route, CancellationTokenSource stopPoll, CancellationToken cancellationToken)
    {
        var count = 0;
        Task? completing = null;
        try
        {
            await foreach (var file in acquired.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                count++;
                Observer?.FilesAcquired(1);
                telemetry.FilesAcquired.Add(1, new KeyValuePair<string, object?>(HematologyDiagnostics.AnalyzerTag, file.AnalyzerId.Value));
                var queued = await processor.QueueAsync(file, route, cancellationToken).ConfigureAwait(false);
                if (completing is not null)
                {
                    var previous = completing;
                    completing = null;
                    await previous.ConfigureAwait(false);
                }

                completing = CompleteAsync(queued);
            }

            if (completing is not null)
            {
                var last = completing;
                completing = null;
                await last.ConfigureAwait(false);
            }

            spool.FlushProcessedMoves(); // the poll's moves to processed/, one flush per folder
        }
        catch
        {
            await stopPoll.CancelAsync().ConfigureAwait(false);
            if (completing is not null)
            {
                // The file queued before the failure still completes (or fails on its own); never leave it running.
                await completing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            try
            {
                spool.FlushProcessedMoves();
            }
            catch (IOException)
            {
                // Unflushed moves are at worst undone by a crash, and their files processed again; the original failure matters more.
            }

            throw;
        }

        return count;
    }

    private async Task SettleAsync(AcquiredFile file, AnalyzerRoute route, CancellationToken cancellationToken)
    {
        var outcome = await processor.ProcessAsync(file, route, cancellationToken).ConfigureAwait(false);
        Settled(outcome);
    }

    private async Task CompleteAsync(QueuedFile queued) => Settled(await processor.CompleteAsync(queued).ConfigureAwait(false));

    private void Settled(FileOutcome outcome)
    {
        Interlocked.Increment(ref _filesSettled);
        Observer?.FileSettled(outcome);
        FileSettled?.Invoke(outcome);
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Warning, Message = "Spool recovered after a restart: {Removed} temporary file(s) removed, {Reprocessed} acquired file(s) re-processed, {Outbox} message(s) waiting")]
    private static partial void LogRecovered(ILogger logger, int removed, int reprocessed, int outbox);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Warning, Message = "Polling analyzer {Analyzer} failed ({ErrorType}: {Error}); next attempt in {WaitSeconds} s")]
    private static partial void LogPollFailed(ILogger logger, string analyzer, string errorType, string error, double waitSeconds);
}
