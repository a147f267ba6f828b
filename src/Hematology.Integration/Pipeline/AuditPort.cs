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

internal interface IAuditPort
{
    ValueTask WriteAsync(PipelineAuditEvent auditEvent, CancellationToken cancellationToken);
}
