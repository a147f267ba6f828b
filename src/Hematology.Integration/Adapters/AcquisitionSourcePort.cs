using System.Threading.Channels;
using Hematology.Integration.Acquisition;
using Hematology.Integration.Pipeline;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Adapters;

/// <summary>
/// One analyzer's source over the Acquisition package: each poll lists the source, takes every stable file into the
/// spool's <c>acquired/&lt;analyzer&gt;/</c> (fsync'd, size verified, SHA-256 recorded; audited as <c>file.acquired</c>)
/// and only then deletes or archives the source copy (audited as <c>file.removed</c>).
/// </summary>
internal sealed partial class AcquisitionSourcePort : IAnalyzerSourcePort
{
    private readonly ListingRecorder _source;
    private readonly AcquisitionPoller _poller;
    private readonly IAuditPort _audit;
    private readonly PendingAuditWrites _auditWrites = new();
    private readonly ILogger _logger;
    private readonly string? _localProcessingFolder;
    private readonly string _incoming;
    private readonly FtpFileSource? _ftp;
    private readonly AnalyzerOptions _analyzer;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private ChannelWriter<AcquiredFile>? _acquired;
    private int _acquiredCount;
    private bool _recovered;

    public AcquisitionSourcePort(
        IResultFileSource source,
        AnalyzerOptions analyzer,
        string spoolRoot,
        IAuditPort audit,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider)
    {
        _source = new ListingRecorder(source);
        _ftp = source as FtpFileSource;
        _analyzer = analyzer;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _audit = audit;
        _logger = loggerFactory.CreateLogger<AcquisitionSourcePort>();
        PollInterval = analyzer.PollInterval;
        AnalyzerId = AnalyzerId.Create(analyzer.Id);
        _incoming = Path.Combine(spoolRoot, "incoming");
        if (analyzer.Source.Kind == AnalyzerSourceKind.LocalFolder && !string.IsNullOrEmpty(analyzer.Source.ProcessingFolder) && analyzer.Source.Path is { } path)
        {
            _localProcessingFolder = Path.Combine(Path.GetFullPath(path), analyzer.Source.ProcessingFolder);
        }

        var options = new AcquisitionOptions
        {
            SpoolDirectory = spoolRoot,
            Stability = StageOptions.Stability(analyzer),
            PollJitter = 0,
        };
        _poller = new AcquisitionPoller(options, OnAcquiredAsync, loggerFactory, timeProvider)
        {
            OnRemoved = OnRemovedAsync,
            BeforeRemoval = _ => _auditWrites.FlushAsync(),
        };
        _poller.Add(_source, analyzer.PollInterval, analyzer.Source.MaxFileBytes);
    }

    public AnalyzerId AnalyzerId { get; }

    public TimeSpan PollInterval { get; }

    public int PendingAtSource { get; private set; }

    public async ValueTask PollAsync(ChannelWriter<AcquiredFile> acquired, CancellationToken cancellationToken)
    {
        _acquired = acquired;
        _acquiredCount = 0;
        try
        {
            if (!_recovered)
            {
                RecoverInterruptedClaims();
                if (_ftp is not null)
                {
                    await RecoverInterruptedFtpClaimsAsync(cancellationToken).ConfigureAwait(false);
                }

                _recovered = true;
            }

            await _poller.PollOnceAsync(_source, cancellationToken).ConfigureAwait(false);
            await _auditWrites.FlushAsync().ConfigureAwait(false);
        }
        catch when (_ftp is not null)
        {
            await _ftp.DisconnectAsync().ConfigureAwait(false); // a fresh session next time
            throw;
        }
        finally
        {
            _acquired = null;
        }

        if (_ftp is { OthersWaiting: true })
        {
            // Another analyzer on the same server waits for the session (embedded servers allow one): hand it over.
            await _ftp.DisconnectAsync().ConfigureAwait(false);
        }

        PendingAtSource = Math.Max(0, _source.LastListed - _acquiredCount);
    }

    public ValueTask DisposeAsync() => _poller.DisposeAsync();

    /// <summary>
    /// A crash between claiming a file (moving it to the processing folder) and making its local copy durable leaves
    /// it in the processing folder, where no poll sees it: put it back so it is taken again. A file whose copy was
    /// already durable is taken twice at worst; its messages carry the same control ids and are queued once.
    /// </summary>
    private void RecoverInterruptedClaims()
    {
        foreach (var partial in Directory.Exists(_incoming) ? Directory.EnumerateFiles(_incoming, AnalyzerId.Value + "_*.partial") : [])
        {
            File.Delete(partial);
        }

        if (_localProcessingFolder is null || !Directory.Exists(_localProcessingFolder))
        {
            return;
        }

        var dropFolder = Path.GetDirectoryName(_localProcessingFolder)!;
        foreach (var file in Directory.EnumerateFiles(_localProcessingFolder))
        {
            var target = Path.Combine(dropFolder, Path.GetFileName(file));
            if (!File.Exists(target))
            {
                File.Move(file, target);
                LogClaimRecovered(_logger, AnalyzerId.Value);
            }
        }
    }

    /// <summary>The FTP counterpart of <see cref="RecoverInterruptedClaims"/>: files left in the server's processing folder are renamed back.</summary>
    private async Task RecoverInterruptedFtpClaimsAsync(CancellationToken cancellationToken)
    {
        var processing = _analyzer.Source.ProcessingFolder;
        if (string.IsNullOrEmpty(processing))
        {
            return;
        }

        var options = StageOptions.Ftp(_analyzer);
        options.RemoteDirectory = options.RemoteDirectory.TrimEnd('/') + "/" + processing;
        IReadOnlyList<SourceFile> stranded;
        var look = new FtpFileSource(options, _loggerFactory, _timeProvider);
        await using (look.ConfigureAwait(false))
        {
            try
            {
                stranded = (await look.ListAsync(cancellationToken).ConfigureAwait(false)).Files;
            }
            catch (FtpException)
            {
                return; // no processing folder yet
            }
        }

        if (stranded.Count == 0)
        {
            return;
        }

        var present = (await _ftp!.ListAsync(cancellationToken).ConfigureAwait(false)).Files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var file in stranded.Where(f => !present.Contains(f.Name)))
        {
            await _ftp.ReleaseAsync(new ClaimedFile(file, processing + "/" + file.Name), cancellationToken).ConfigureAwait(false);
            LogClaimRecovered(_logger, AnalyzerId.Value);
        }
    }

    // file.acquired is appended here and made durable, once for the whole hand-over batch, just before the batch's
    // source copies are removed (BeforeRemoval): the trail records every acquisition before the analyzer's copy goes.
    private async ValueTask OnAcquiredAsync(FileAcquiredArguments args)
    {
        var file = args.File;
        _auditWrites.Add(_audit.WriteAsync(new PipelineAuditEvent
        {
            Type = PipelineEvents.FileAcquired,
            CorrelationId = file.CorrelationId,
            AnalyzerId = file.AnalyzerId,
            FileName = file.SourceName,
            FileSha256 = file.Sha256,
            FilePath = file.LocalPath,
            Disposition = "acquired",
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["bytes"] = file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["source"] = file.SourceLocation,
            },
        }, args.CancellationToken));

        // Handed on for processing now, while this poll downloads the next files; the source copy is removed next.
        if (_acquired is { } acquired)
        {
            _acquiredCount++;
            await acquired.WriteAsync(file, args.CancellationToken).ConfigureAwait(false);
        }
    }

    // The removal is recorded without waiting for its flush (the file is already gone from the analyzer, and its local
    // copy and file.acquired entry are durable); the next batch's flush, or the end of the poll, waits for it.
    private ValueTask OnRemovedAsync(FileRemovedArguments args)
    {
        _auditWrites.Add(_audit.WriteAsync(new PipelineAuditEvent
        {
            Type = PipelineEvents.FileRemoved,
            CorrelationId = args.File.CorrelationId,
            AnalyzerId = args.File.AnalyzerId,
            FileName = args.File.SourceName,
            FileSha256 = args.File.Sha256,
            Disposition = args.ArchivedAs is null ? "deleted" : "archived",
            Details = args.ArchivedAs is null ? null : new Dictionary<string, string>(StringComparer.Ordinal) { ["archivedAs"] = args.ArchivedAs },
        }, args.CancellationToken));
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 7040, Level = LogLevel.Warning, Message = "Analyzer {Analyzer}: a file claimed before a crash was put back into the drop folder to be taken again")]
    private static partial void LogClaimRecovered(ILogger logger, string analyzer);
}

/// <summary>Passes everything to the source and remembers how many files its last listing showed.</summary>
internal sealed class ListingRecorder(IResultFileSource inner) : IResultFileSource
{
    public int LastListed { get; private set; }

    public AnalyzerId AnalyzerId => inner.AnalyzerId;

    public string Location => inner.Location;

    public async ValueTask<SourceListing> ListAsync(CancellationToken cancellationToken = default)
    {
        var listing = await inner.ListAsync(cancellationToken).ConfigureAwait(false);
        LastListed = listing.Files.Count;
        return listing;
    }

    public ValueTask<ClaimedFile?> ClaimAsync(SourceFile file, CancellationToken cancellationToken = default) => inner.ClaimAsync(file, cancellationToken);

    public ValueTask<long> CopyToAsync(ClaimedFile file, long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> destination, CancellationToken cancellationToken = default) =>
        inner.CopyToAsync(file, offset, destination, cancellationToken);

    public ValueTask<SourceFile?> GetCurrentAsync(ClaimedFile file, CancellationToken cancellationToken = default) => inner.GetCurrentAsync(file, cancellationToken);

    public ValueTask ReleaseAsync(ClaimedFile file, CancellationToken cancellationToken = default) => inner.ReleaseAsync(file, cancellationToken);

    public ValueTask<string?> RemoveAsync(ClaimedFile file, CancellationToken cancellationToken = default) => inner.RemoveAsync(file, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
