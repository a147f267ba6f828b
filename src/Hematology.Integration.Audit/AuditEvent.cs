namespace Hematology.Integration.Audit;

/// <summary>
/// One thing that happened to a file or a message, as the pipeline reports it to the audit trail. The trail adds the
/// sequence number, the commit time and the hash chain (see <see cref="AuditEntry"/>).
/// </summary>
/// <remarks>
/// <para>
/// An audit event never carries patient data: no patient or specimen identifiers, names, dates of birth or result
/// values. It carries ids (correlation id, analyzer id, HL7 control id), file names, SHA-256 digests, codes and
/// counts. The trail refuses detail keys that name patient fields (see
/// <see cref="JsonLinesAuditOptions.ForbiddenDetailKeys"/>), but the caller is responsible for what it puts in values.
/// </para>
/// <para>
/// <see cref="ArtifactPath"/> and <see cref="ArtifactSha256"/> name a retained copy (an archived source file, a
/// quarantined file or message) whose content the verifier re-hashes later. Leave them empty for transient spool paths.
/// </para>
/// </remarks>
public sealed record AuditEvent
{
    /// <summary>Gets the event type, for example <c>file.acquired</c>; see <see cref="AuditEventTypes"/> for the well-known names.</summary>
    /// <value>Lower-case letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, 1 to 64 characters.</value>
    public required string Type { get; init; }

    /// <summary>Gets the id that ties together every event of one file's journey.</summary>
    public CorrelationId? CorrelationId { get; init; }

    /// <summary>Gets the analyzer the file or message came from.</summary>
    public AnalyzerId? AnalyzerId { get; init; }

    /// <summary>Gets the source file's name (a bare name, never a path).</summary>
    public string? FileName { get; init; }

    /// <summary>Gets the SHA-256 of the source file's content.</summary>
    public Sha256Digest? FileSha256 { get; init; }

    /// <summary>Gets the path of a retained copy this event created (archive or quarantine), relative to the verifier's artifact root or absolute.</summary>
    public string? ArtifactPath { get; init; }

    /// <summary>Gets the SHA-256 the retained copy at <see cref="ArtifactPath"/> must still have.</summary>
    public Sha256Digest? ArtifactSha256 { get; init; }

    /// <summary>Gets the HL7 message type, for example <c>ORU^R01</c>.</summary>
    public string? MessageType { get; init; }

    /// <summary>Gets the HL7 message control id (MSH-10).</summary>
    public string? ControlId { get; init; }

    /// <summary>Gets the delivery destination's name.</summary>
    public string? Destination { get; init; }

    /// <summary>Gets the acknowledgment code (<c>AA</c>, <c>AE</c>, <c>AR</c>, <c>CA</c>…) or the delivery outcome when no ACK came (for example <c>AckTimeout</c>).</summary>
    public string? AckStatus { get; init; }

    /// <summary>Gets the time between sending a message and receiving its ACK, in milliseconds.</summary>
    public double? LatencyMs { get; init; }

    /// <summary>Gets how many retries preceded this event.</summary>
    public int? RetryCount { get; init; }

    /// <summary>Gets where the file or message went, for example <c>sent</c>, <c>archived</c> or <c>quarantine/ack_timeout</c>.</summary>
    public string? Disposition { get; init; }

    /// <summary>Gets the operator who performed a manual action (resume, requeue); empty for automatic events.</summary>
    public string? Operator { get; init; }

    /// <summary>Gets the reason: a machine-readable code for automatic events, the operator's words for manual ones.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets further facts as short key/value pairs (counts, codes). Never patient data.</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init; }
}
