namespace Hematology.Integration.Pipeline;

/// <summary>The pipeline's audit event names (the Audit package's event types).</summary>
internal static class PipelineEvents
{
    public const string FileAcquired = "file.acquired";
    public const string FileRemoved = "file.removed";
    public const string FileValidated = "file.validated";
    public const string FileRejected = "file.rejected";
    public const string RowsQuarantined = "row.quarantined";
    public const string FileProcessed = "file.processed";
    public const string MessageQueued = "message.queued";
    public const string MessageSent = "message.sent";
    public const string AckReceived = "ack.received";
    public const string MessageRetried = "message.retried";
    public const string MessageQuarantined = "message.quarantined";
    public const string MessageRequeued = "message.requeued";
    public const string PauseTriggered = "pause.triggered";
    public const string PauseCleared = "pause.cleared";
    public const string SpoolRecovered = "spool.recovered";
}

/// <summary>One audit event as the pipeline sees it. No patient data: ids, hashes, control ids and counts only.</summary>
internal sealed record PipelineAuditEvent
{
    public required string Type { get; init; }

    public CorrelationId? CorrelationId { get; init; }

    public AnalyzerId? AnalyzerId { get; init; }

    public string? FileName { get; init; }

    public Sha256Digest? FileSha256 { get; init; }

    public string? FilePath { get; init; }

    public string? MessageType { get; init; }

    public string? ControlId { get; init; }

    public string? Destination { get; init; }

    public string? AckStatus { get; init; }

    public double? LatencyMs { get; init; }

    public int? RetryCount { get; init; }

    public string? Disposition { get; init; }

    public string? Operator { get; init; }

    public string? Reason { get; init; }

    public IReadOnlyDictionary<string, string>? Details { get; init; }
}

/// <summary>Where the pipeline's audit events go.</summary>
internal interface IAuditPort
{
    /// <summary>
    /// Appends an event. The event takes its place in the trail before this method returns (events appended one
    /// after another keep their order); the returned task completes when the event, and every event before it, is
    /// durable.
    /// </summary>
    ValueTask WriteAsync(PipelineAuditEvent auditEvent, CancellationToken cancellationToken);
}

/// <summary>
/// Audit events appended without waiting for their flush, so that several share one: each takes its place in the
/// trail when it is added, and <see cref="FlushAsync"/> waits until all of them are durable. Call it before the next
/// state change the events must precede (a move in the spool, a removal on the analyzer).
/// </summary>
internal sealed class PendingAuditWrites
{
    private readonly List<Task> _pending = [];

    /// <summary>Whether some writes are not yet known to be durable.</summary>
    public bool HasPending => _pending.Count > 0;

    /// <summary>Keeps a write that was started (and so already ordered in the trail) until the next flush.</summary>
    public void Add(ValueTask write)
    {
        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            return;
        }

        var task = write.AsTask();

        // A write abandoned by an exception elsewhere must not surface later as an unobserved task exception.
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _pending.Add(task);
    }

    /// <summary>Waits until every write added so far is durable; throws the first write's failure, if any.</summary>
    public async ValueTask FlushAsync()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var all = _pending.ToArray();
        _pending.Clear();
        await Task.WhenAll(all).ConfigureAwait(false);
    }
}
