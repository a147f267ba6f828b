using System.Buffers;
using Hematology.Integration.Audit.Storage;

namespace Hematology.Integration.Audit.JsonLines;

/// <summary>Writes batches to the current daily file with one write and one fsync, then moves the head marker.</summary>
internal sealed class JsonLinesSink : IAuditBatchSink, IDisposable
{
    private readonly string _directory;
    private readonly string _prefix;
    private readonly TimeProvider _timeProvider;
    private readonly bool _flushToDisk;
    private readonly HeadFile _head;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private FileStream? _file;
    private DateOnly _day;
    private long _sequence;
    private string _hash;

    public JsonLinesSink(string directory, string prefix, TimeProvider timeProvider, bool flushToDisk, HeadFile head, long sequence, string hash, DateOnly day)
    {
        _directory = directory;
        _prefix = prefix;
        _timeProvider = timeProvider;
        _flushToDisk = flushToDisk;
        _head = head;
        _sequence = sequence;
        _hash = hash;
        _day = day;
    }

    public long Sequence => _sequence;

    public void Commit(IReadOnlyList<PendingAppend> batch, List<AuditEntry> committed)
    {
        var now = _timeProvider.GetUtcNow().ToUniversalTime();
        var day = DateOnly.FromDateTime(now.UtcDateTime);

        // Never go back to an earlier file when the clock steps back: file order is chain order.
        if (_file is null || day > _day)
        {
            OpenDay(day > _day ? day : _day);
        }

        var timestamp = AuditEntryFormat.FormatTimestamp(now);
        var sequence = _sequence;
        var hash = _hash;
        _buffer.ResetWrittenCount();
        foreach (var pending in batch)
        {
            sequence++;
            var previous = hash;
            hash = AuditEntryFormat.WriteLine(_buffer, sequence, timestamp, previous, pending.EventPart);
            committed.Add(new AuditEntry { Sequence = sequence, Timestamp = now, PreviousHash = previous, Hash = hash, Event = pending.Event });
        }

        _file!.Write(_buffer.WrittenSpan);
        _file.Flush(_flushToDisk);
        _sequence = sequence;
        _hash = hash;
        _head.Write(sequence, hash);
    }

    public void Dispose()
    {
        if (_file is not null)
        {
            _file.Flush(_flushToDisk);
            _file.Dispose();
        }

        _head.Flush();
        _head.Dispose();
    }

    private void OpenDay(DateOnly day)
    {
        if (_file is not null)
        {
            _file.Flush(_flushToDisk);
            _file.Dispose();
        }

        _file = new FileStream(TrailFiles.DayFile(_directory, _prefix, day), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _day = day;
    }
}
