namespace Hematology.Integration.Audit;

/// <summary>The well-known audit event types. The type is an open set: any name in the same form may be used.</summary>
public static class AuditEventTypes
{
    /// <summary>A file was taken from an analyzer and stored durably in the spool.</summary>
    public const string FileAcquired = "file.acquired";

    /// <summary>The analyzer's copy of a file was deleted or archived on the source.</summary>
    public const string FileRemoved = "file.removed";

    /// <summary>A file was decoded and validated against its analyzer profile.</summary>
    public const string FileValidated = "file.validated";

    /// <summary>A whole file was rejected and quarantined.</summary>
    public const string FileRejected = "file.rejected";

    /// <summary>A file's processing finished and its source copy was archived.</summary>
    public const string FileProcessed = "file.processed";

    /// <summary>Invalid rows of a file were set aside in quarantine.</summary>
    public const string RowQuarantined = "row.quarantined";

    /// <summary>A message was written durably to the outbox.</summary>
    public const string MessageQueued = "message.queued";

    /// <summary>A message's bytes were sent to the destination.</summary>
    public const string MessageSent = "message.sent";

    /// <summary>The destination acknowledged a message and it moved to sent/.</summary>
    public const string AckReceived = "ack.received";

    /// <summary>A delivery attempt is being retried.</summary>
    public const string MessageRetried = "message.retried";

    /// <summary>A message was quarantined (negative ACK, timeouts, mapping failure).</summary>
    public const string MessageQuarantined = "message.quarantined";

    /// <summary>An operator put a quarantined message back in the outbox.</summary>
    public const string MessageRequeued = "message.requeued";

    /// <summary>An operator put a quarantined file back for processing.</summary>
    public const string FileRequeued = "file.requeued";

    /// <summary>A retained copy was deleted by the retention policy or an operator; the verifier no longer expects it.</summary>
    public const string ArtifactPurged = "artifact.purged";

    /// <summary>The emergency pause stopped polling and dispatch.</summary>
    public const string PauseTriggered = "pause.triggered";

    /// <summary>The emergency pause was lifted (by an operator or a health check).</summary>
    public const string PauseCleared = "pause.cleared";

    /// <summary>The spool was recovered after a restart.</summary>
    public const string SpoolRecovered = "spool.recovered";

    /// <summary>The audit trail was verified; the details carry the outcome and the head's sequence and hash.</summary>
    public const string AuditVerified = "audit.verified";

    /// <summary>The trail was opened after a crash and an unacknowledged, incomplete last line was cut off.</summary>
    public const string AuditTailRepaired = "audit.tail_repaired";
}
