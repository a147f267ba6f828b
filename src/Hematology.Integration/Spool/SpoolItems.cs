namespace Hematology.Integration.Spool;

/// <summary>Why an item was set aside in quarantine; the folder name under <c>quarantine/</c>.</summary>
public static class QuarantineReasons
{
    /// <summary>A whole file was rejected by validation (wrong layout, missing columns, unreadable).</summary>
    public const string InvalidFile = "invalid_file";

    /// <summary>Rows of an otherwise accepted file were set aside by validation.</summary>
    public const string RejectedRows = "rejected_rows";

    /// <summary>A message got no ACK after its retries, or was drained by an emergency pause.</summary>
    public const string AckTimeout = "ack_timeout";

    /// <summary>The LIMS answered AE/CE after the allowed retries.</summary>
    public const string ApplicationError = "application_error";

    /// <summary>The LIMS answered AR/CR.</summary>
    public const string Rejected = "rejected";

    /// <summary>The LIMS answered with something that is not a matching ACK (wrong MSA-2, unframed, unparseable).</summary>
    public const string ProtocolError = "protocol_error";

    /// <summary>A message could not be built from valid results (mapping failed).</summary>
    public const string MappingFailed = "mapping_failed";
}

/// <summary>What the spool keeps beside each queued message (no patient data).</summary>
public sealed record OutboxMetadata
{
    /// <summary>Gets the message control id (MSH-10).</summary>
    public required string ControlId { get; init; }

    /// <summary>Gets the destination name.</summary>
    public required string Destination { get; init; }

    /// <summary>Gets the correlation id of the file the message came from.</summary>
    public required string CorrelationId { get; init; }

    /// <summary>Gets the analyzer the file came from.</summary>
    public required string AnalyzerId { get; init; }

    /// <summary>Gets the source file's name.</summary>
    public required string SourceName { get; init; }

    /// <summary>Gets the source file's SHA-256.</summary>
    public required string FileSha256 { get; init; }

    /// <summary>Gets the message's index within its file (0-based).</summary>
    public int MessageIndex { get; init; }

    /// <summary>Gets how many results (OBX) the message carries.</summary>
    public int ResultCount { get; init; }

    /// <summary>Gets when the message was queued.</summary>
    public DateTimeOffset QueuedAt { get; init; }

    /// <summary>Gets when the source file became stable/acquired, for stable-to-ACK latency.</summary>
    public DateTimeOffset? AcquiredAt { get; init; }
}

/// <summary>A message waiting in a destination's outbox.</summary>
/// <param name="Destination">The destination name.</param>
/// <param name="Sequence">The position in the outbox (sending order).</param>
/// <param name="ControlId">The message control id (MSH-10).</param>
/// <param name="Path">The full path of the message file (<c>.hl7</c>).</param>
public sealed record OutboxItem(string Destination, long Sequence, string ControlId, string Path)
{
    /// <summary>Gets the path of the metadata file beside the message.</summary>
    public string MetadataPath => System.IO.Path.ChangeExtension(Path, ".meta.json");
}

/// <summary>An item set aside in quarantine, with its reason.</summary>
/// <param name="Id">The id an operator uses to requeue it: <c>&lt;reason&gt;/&lt;file name&gt;</c>.</param>
/// <param name="Reason">The quarantine reason (folder), one of <see cref="QuarantineReasons"/>.</param>
/// <param name="Path">The full path of the quarantined item.</param>
/// <param name="QuarantinedAt">When it was set aside.</param>
/// <param name="Summary">The human-readable reason.</param>
/// <param name="IsMessage">Whether the item is an HL7 message that can be requeued.</param>
public sealed record QuarantineEntry(string Id, string Reason, string Path, DateTimeOffset QuarantinedAt, string Summary, bool IsMessage);

/// <summary>The machine-readable reason written beside a quarantined item (<c>&lt;item&gt;.reason.json</c>).</summary>
public sealed record QuarantineReason
{
    /// <summary>Gets the reason (folder), one of <see cref="QuarantineReasons"/>.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets a stable code for the specific cause (for example <c>MSA-2_MISMATCH</c> or <c>MISSING_COLUMNS</c>).</summary>
    public required string Code { get; init; }

    /// <summary>Gets the human-readable explanation (no patient data).</summary>
    public required string Summary { get; init; }

    /// <summary>Gets when the item was set aside.</summary>
    public required DateTimeOffset QuarantinedAt { get; init; }

    /// <summary>Gets the correlation id, when known.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Gets the analyzer, when known.</summary>
    public string? AnalyzerId { get; init; }

    /// <summary>Gets the message control id, for a message.</summary>
    public string? ControlId { get; init; }

    /// <summary>Gets the destination, for a message.</summary>
    public string? Destination { get; init; }

    /// <summary>Gets the SHA-256 of the quarantined item's content.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Gets precise details: one line per issue (row, column, code, message) or per delivery attempt.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];
}
