using System.Globalization;

namespace Hematology.Integration.Audit.Reports;

/// <summary>Accumulates a period's counts from trail records; events after the period still resolve its quarantines and pauses.</summary>
internal sealed class ComplianceSummaryBuilder
{
    private readonly DateOnly _from;
    private readonly DateOnly _to;
    private readonly bool _hourly;
    private readonly long[] _files;
    private readonly long[] _acks;
    private readonly long[] _quarantined;
    private readonly SortedDictionary<string, long> _ackOutcomes = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _byReason = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QuarantineItem> _quarantine = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _quarantineByPath = new(StringComparer.Ordinal);
    private readonly List<double> _latencies = [];
    private readonly List<PauseBuilder> _pauses = [];
    private readonly List<ComplianceManualAction> _manual = [];
    private long _entries, _firstSeq, _lastSeq, _unreadable;
    private string? _lastHash;
    private long _acquired, _removed, _validated, _rejected, _processed, _results, _rows;
    private long _queued, _acknowledged, _retries, _timeouts, _messagesQuarantined, _requeued;
    private long _qFiles, _qRowSets, _qMessages;

    public ComplianceSummaryBuilder(DateOnly from, DateOnly to)
    {
        _from = from;
        _to = to;
        _hourly = from == to;
        var buckets = _hourly ? 24 : to.DayNumber - from.DayNumber + 1;
        _files = new long[buckets];
        _acks = new long[buckets];
        _quarantined = new long[buckets];
    }

    public void Add(AuditRecord record)
    {
        if (record.Entry is not { } entry)
        {
            if (!record.IsTornTail)
            {
                _unreadable++;
            }

            return;
        }

        var day = DateOnly.FromDateTime(entry.Timestamp.UtcDateTime);
        if (day < _from)
        {
            return;
        }

        var e = entry.Event;
        if (day > _to)
        {
            Resolve(entry);
            ClosePause(entry);
            return;
        }

        _entries++;
        if (_firstSeq == 0)
        {
            _firstSeq = entry.Sequence;
        }

        _lastSeq = entry.Sequence;
        _lastHash = entry.Hash;
        var bucket = _hourly ? entry.Timestamp.UtcDateTime.Hour : day.DayNumber - _from.DayNumber;
        if (IsTimeout(e))
        {
            _timeouts++;
        }

        switch (e.Type)
        {
            case AuditEventTypes.FileAcquired:
                _acquired++;
                _files[bucket]++;
                break;
            case AuditEventTypes.FileRemoved:
                _removed++;
                break;
            case AuditEventTypes.FileValidated:
                _validated++;
                _results += Detail(e, "results");
                break;
            case AuditEventTypes.FileRejected:
                _rejected++;
                _qFiles++;
                Quarantine(entry, "f:" + (e.ArtifactPath ?? e.FileSha256?.Hex ?? entry.Sequence.ToString(CultureInfo.InvariantCulture)), bucket);
                break;
            case AuditEventTypes.FileProcessed:
                _processed++;
                break;
            case AuditEventTypes.RowQuarantined:
                _rows += Math.Max(1, Detail(e, "rows"));
                _qRowSets++;
                Quarantine(entry, "r:" + (e.ArtifactPath ?? entry.Sequence.ToString(CultureInfo.InvariantCulture)), bucket);
                break;
            case AuditEventTypes.MessageQueued:
                _queued++;
                break;
            case AuditEventTypes.AckReceived:
                _acknowledged++;
                _acks[bucket]++;
                Count(_ackOutcomes, e.AckStatus ?? "(none)");
                if (e.LatencyMs is { } latency)
                {
                    _latencies.Add(latency);
                }

                break;
            case AuditEventTypes.MessageRetried:
                _retries++;
                break;
            case AuditEventTypes.MessageQuarantined:
                _messagesQuarantined++;
                _qMessages++;
                if (e.AckStatus is { } status)
                {
                    Count(_ackOutcomes, status);
                }

                Quarantine(entry, "m:" + (e.ControlId ?? e.ArtifactPath ?? entry.Sequence.ToString(CultureInfo.InvariantCulture)), bucket);
                break;
            case AuditEventTypes.MessageRequeued:
                _requeued++;
                break;
            case AuditEventTypes.PauseTriggered:
                _pauses.Add(new PauseBuilder { TriggeredAt = entry.Timestamp, Reason = e.Reason });
                break;
            default:
                break;
        }

        Resolve(entry);
        ClosePause(entry);
        if (!string.IsNullOrEmpty(e.Operator))
        {
            _manual.Add(new ComplianceManualAction(entry.Timestamp, entry.Sequence, e.Type, e.Operator, e.Reason, e.ControlId));
        }
    }

    public ComplianceSummary Build(DateTimeOffset generatedAt, AuditVerificationReport? verification)
    {
        var resolvedTimes = _quarantine.Values.Where(q => q.ResolvedAt is not null).Select(q => (q.ResolvedAt!.Value - q.QuarantinedAt).TotalMinutes).Order().ToList();
        var sortedLatency = _latencies.Order().ToList();
        return new ComplianceSummary
        {
            From = _from,
            To = _to,
            GeneratedAt = generatedAt,
            Trail = new ComplianceTrailRange(_entries, _firstSeq, _lastSeq, _lastHash, _unreadable),
            Files = new ComplianceFileCounts(_acquired, _removed, _validated, _rejected, _processed, _results, _rows),
            Messages = new ComplianceMessageCounts(_queued, _acknowledged, _retries, _timeouts, _messagesQuarantined, _requeued),
            AckOutcomes = _ackOutcomes.Select(p => new ComplianceCount(p.Key, p.Value)).ToList(),
            AckLatency = sortedLatency.Count == 0
                ? new ComplianceLatency(0, 0, 0, 0)
                : new ComplianceLatency(sortedLatency.Count, Math.Round(sortedLatency.Average(), 1), sortedLatency[(int)Math.Ceiling(0.95 * sortedLatency.Count) - 1], sortedLatency[^1]),
            Quarantine = new ComplianceQuarantine(
                _qFiles,
                _qRowSets,
                _qMessages,
                _byReason.Select(p => new ComplianceCount(p.Key, p.Value)).ToList(),
                resolvedTimes.Count,
                _quarantine.Count - resolvedTimes.Count,
                resolvedTimes.Count == 0 ? null : Math.Round(Median(resolvedTimes), 2),
                resolvedTimes.Count == 0 ? null : Math.Round(resolvedTimes[^1], 2)),
            Pauses = _pauses.Select(p => new CompliancePause(p.TriggeredAt, p.Reason, p.ClearedAt, p.ClearedBy, p.ClearReason,
                p.ClearedAt is { } cleared ? Math.Round((cleared - p.TriggeredAt).TotalMinutes, 2) : null)).ToList(),
            ManualActions = _manual,
            Activity = Enumerable.Range(0, _files.Length).Select(i => new ComplianceActivity(Label(i), _files[i], _acks[i], _quarantined[i])).ToList(),
            Integrity = verification is null ? null : new ComplianceIntegrity(
                verification.IsValid,
                verification.EntriesVerified,
                verification.LastSequence,
                verification.LastHash,
                verification.ChainBreak is { } b ? $"{b.Kind} at entry {b.Sequence} ({b.Location}): {b.Message}"
                    : verification.ArtifactProblems.Count > 0 ? $"{verification.ArtifactProblems.Count} retained file(s) missing or altered, first: {verification.ArtifactProblems[0].Path} ({verification.ArtifactProblems[0].Kind})"
                    : verification.HeadProblem),
        };
    }

    private static bool IsTimeout(AuditEvent e) =>
        (e.AckStatus?.Contains("timeout", StringComparison.OrdinalIgnoreCase) ?? false) ||
        (e.Details is { } d && d.TryGetValue("outcome", out var outcome) && outcome.Contains("timeout", StringComparison.OrdinalIgnoreCase));

    private static long Detail(AuditEvent e, string key) =>
        e.Details is { } d && d.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static void Count(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private string Label(int bucket) => _hourly
        ? bucket.ToString("00", CultureInfo.InvariantCulture) + ":00"
        : _from.AddDays(bucket).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private void Quarantine(AuditEntry entry, string key, int bucket)
    {
        _quarantined[bucket]++;
        Count(_byReason, entry.Event.Disposition ?? "quarantine");
        _quarantine[key] = new QuarantineItem(entry.Timestamp);
        if (entry.Event.ArtifactPath is { } path)
        {
            _quarantineByPath[path] = key;
        }
    }

    private void Resolve(AuditEntry entry)
    {
        var e = entry.Event;
        string? key = e.Type switch
        {
            AuditEventTypes.MessageRequeued => e.ControlId is null ? null : "m:" + e.ControlId,
            AuditEventTypes.FileRequeued => e.ArtifactPath is not null && _quarantineByPath.TryGetValue(e.ArtifactPath, out var k) ? k : "f:" + (e.ArtifactPath ?? e.FileSha256?.Hex),
            AuditEventTypes.ArtifactPurged => e.ArtifactPath is not null && _quarantineByPath.TryGetValue(e.ArtifactPath, out var p) ? p : null,
            _ => null,
        };
        if (key is not null && _quarantine.TryGetValue(key, out var item) && item.ResolvedAt is null)
        {
            _quarantine[key] = item with { ResolvedAt = entry.Timestamp };
        }
    }

    private void ClosePause(AuditEntry entry)
    {
        if (!string.Equals(entry.Event.Type, AuditEventTypes.PauseCleared, StringComparison.Ordinal))
        {
            return;
        }

        var open = _pauses.LastOrDefault(p => p.ClearedAt is null);
        if (open is not null)
        {
            open.ClearedAt = entry.Timestamp;
            open.ClearedBy = entry.Event.Operator;
            open.ClearReason = entry.Event.Reason;
        }
    }

    private sealed record QuarantineItem(DateTimeOffset QuarantinedAt, DateTimeOffset? ResolvedAt = null);

    private sealed class PauseBuilder
    {
        public DateTimeOffset TriggeredAt { get; init; }

        public string? Reason { get; init; }

        public DateTimeOffset? ClearedAt { get; set; }

        public string? ClearedBy { get; set; }

        public string? ClearReason { get; set; }
    }
}
