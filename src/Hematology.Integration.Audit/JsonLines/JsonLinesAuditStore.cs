using System.Globalization;
using Hematology.Integration.Audit.Storage;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Audit.JsonLines;

/// <summary>
/// The JSON Lines trail: daily files <c>&lt;prefix&gt;-yyyy-MM-dd.jsonl</c>, one chained entry per line, appended by
/// one group-commit writer under a process-level lock. Opens lazily on first use, or eagerly through <see cref="Open"/>.
/// </summary>
internal sealed partial class JsonLinesAuditStore : IAuditTrailStore
{
    private const int TailWindow = 8 << 20;
    private readonly JsonLinesAuditOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AuditEventRules _rules;
    private readonly JsonLinesAuditReader _reader;
    private readonly Lock _gate = new();
    private TrailLock? _lock;
    private JsonLinesSink? _sink;
    private GroupCommitQueue? _queue;
    private bool _disposed;

    public JsonLinesAuditStore(JsonLinesAuditOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        AuditOptionChecks.ThrowIfInvalid(new JsonLinesAuditOptionsValidator(), options);
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<JsonLinesAuditStore>();
        _rules = new AuditEventRules(options.ForbiddenDetailKeys, options.MaxDetailValueLength);
        Directory = Path.GetFullPath(options.Directory);
        _reader = new JsonLinesAuditReader(Directory, options.FilePrefix);
    }

    public string Directory { get; }

    public ValueTask<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        var part = AuditEntryFormat.SerializeEvent(auditEvent, _rules);
        return Open().EnqueueAsync(auditEvent, part, cancellationToken);
    }

    public IAsyncEnumerable<AuditRecord> ReadAsync(CancellationToken cancellationToken = default) => _reader.ReadAsync(cancellationToken);

    public ValueTask<AuditAnchor?> ReadHeadAsync(CancellationToken cancellationToken = default) => _reader.ReadHeadAsync(cancellationToken);

    /// <summary>Takes the lock, repairs a torn tail, checks the head marker and starts the writer (once).</summary>
    public GroupCommitQueue Open()
    {
        if (_queue is { } queue)
        {
            return queue;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_queue is not null)
            {
                return _queue;
            }

            System.IO.Directory.CreateDirectory(Directory);
            var trailLock = TrailLock.Acquire(TrailFiles.LockPath(Directory, _options.FilePrefix));
            HeadFile? head = null;
            try
            {
                var files = TrailFiles.List(Directory, _options.FilePrefix);
                var tail = RecoverTail(files);
                head = HeadFile.Open(TrailFiles.HeadPath(Directory, _options.FilePrefix));
                AuditAnchor? recorded;
                try
                {
                    recorded = head.Read();
                }
                catch (InvalidDataException ex)
                {
                    throw new AuditTrailException($"The head marker of {Directory} is damaged. Run the verifier; move the marker aside only once the trail is verified.", ex);
                }

                CheckHead(recorded, tail.Sequence, tail.Hash);
                var day = files.Count > 0 ? files[^1].Day : DateOnly.MinValue;
                var sink = new JsonLinesSink(Directory, _options.FilePrefix, _timeProvider, _options.FlushToDisk, head, tail.Sequence, tail.Hash, day);
                if (tail.Repair is { } repair)
                {
                    RecordRepair(sink, repair);
                }

                _lock = trailLock;
                _sink = sink;
                _queue = new GroupCommitQueue(sink, _options.MaxBatchSize, _logger, Directory);
                LogOpened(_logger, Directory, tail.Sequence);
                return _queue;
            }
            catch
            {
                head?.Dispose();
                trailLock.Dispose();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        GroupCommitQueue? queue;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            queue = _queue;
        }

        if (queue is not null)
        {
            await queue.DisposeAsync().ConfigureAwait(false);
        }

        _sink?.Dispose();
        _lock?.Dispose();
    }

    private static void CheckHead(AuditAnchor? head, long sequence, string hash)
    {
        if (head is null || head.Sequence == 0)
        {
            return;
        }

        if (head.Sequence > sequence)
        {
            throw new AuditTrailException($"The head marker records entry {head.Sequence} but the trail ends at entry {sequence}: entries were removed from the end. Run the verifier; do not append until this is resolved.");
        }

        if (head.Sequence == sequence && !string.Equals(head.Hash, hash, StringComparison.Ordinal))
        {
            throw new AuditTrailException($"The head marker's hash for entry {sequence} differs from the trail's last entry: the end of the trail was rewritten. Run the verifier.");
        }
    }

    private void RecordRepair(JsonLinesSink sink, TailRepair repair)
    {
        var repairEvent = new AuditEvent
        {
            Type = AuditEventTypes.AuditTailRepaired,
            Reason = "incomplete last line after an interrupted write (never acknowledged)",
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["file"] = Path.GetFileName(repair.File),
                ["offset"] = repair.Offset.ToString(CultureInfo.InvariantCulture),
                ["bytes"] = repair.Length.ToString(CultureInfo.InvariantCulture),
                ["savedAs"] = Path.GetFileName(repair.SavedAs),
            },
        };
        var part = AuditEntryFormat.SerializeEvent(repairEvent, _rules);
        var committed = new List<AuditEntry>(1);
        sink.Commit([new PendingAppend(repairEvent, part, new TaskCompletionSource<AuditEntry>())], committed);
        LogTailRepaired(_logger, repair.File, repair.Length, repair.SavedAs);
    }

    /// <summary>Finds the last committed entry; cuts off an incomplete last line (saving its bytes beside the file).</summary>
    private static TailState RecoverTail(List<(string Path, DateOnly Day)> files)
    {
        TailRepair? repair = null;
        for (var i = files.Count - 1; i >= 0; i--)
        {
            var path = files[i].Path;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1);
            var length = stream.Length;
            if (length == 0)
            {
                continue;
            }

            var window = (int)Math.Min(length, TailWindow);
            var start = length - window;
            var buffer = new byte[window];
            stream.Position = start;
            stream.ReadExactly(buffer);
            var lastNewline = Array.LastIndexOf(buffer, (byte)'\n');
            var completeEnd = lastNewline < 0 ? start : start + lastNewline + 1;
            if (lastNewline < 0 && start > 0)
            {
                throw new AuditTrailException($"The last {window} bytes of {path} hold no line end: the file is not a trail file. Run the verifier.");
            }

            if (completeEnd < length && i == files.Count - 1)
            {
                var torn = buffer.AsSpan((int)(completeEnd - start)).ToArray();
                var savedAs = path + ".torn-" + completeEnd.ToString(CultureInfo.InvariantCulture);
                File.WriteAllBytes(savedAs, torn);
                stream.SetLength(completeEnd);
                stream.Flush(flushToDisk: true);
                repair = new TailRepair(path, completeEnd, torn.Length, savedAs);
            }
            else if (completeEnd < length)
            {
                throw new AuditTrailException($"{path} ends with an incomplete line but is not the last file of the trail. Run the verifier.");
            }

            if (lastNewline < 0)
            {
                continue;
            }

            var lineStart = Array.LastIndexOf(buffer, (byte)'\n', Math.Max(lastNewline - 1, 0)) + 1;
            if (lastNewline == 0)
            {
                lineStart = 0;
            }

            if (lineStart == 0 && start > 0)
            {
                throw new AuditTrailException($"The last line of {path} is longer than {window} bytes: the file is not a trail file. Run the verifier.");
            }

            var record = AuditEntryFormat.Parse(buffer.AsSpan(lineStart, lastNewline - lineStart), $"{Path.GetFileName(path)} offset {start + lineStart}");
            if (record.Entry is null || !record.HashMatchesContent)
            {
                throw new AuditTrailException($"The last line of {path} is not a valid entry ({record.Problem ?? "its hash does not match its content"}). Run the verifier.");
            }

            return new TailState(record.Entry.Sequence, record.Entry.Hash, repair);
        }

        return new TailState(0, AuditEntry.GenesisHash, repair);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Audit trail opened in {Directory}; last entry {Sequence}")]
    private static partial void LogOpened(ILogger logger, string directory, long sequence);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Audit trail {File}: cut off an incomplete last line of {Bytes} bytes left by an interrupted write; its bytes are saved in {SavedAs}")]
    private static partial void LogTailRepaired(ILogger logger, string file, long bytes, string savedAs);

    private sealed record TailRepair(string File, long Offset, int Length, string SavedAs);

    private sealed record TailState(long Sequence, string Hash, TailRepair? Repair);
}
