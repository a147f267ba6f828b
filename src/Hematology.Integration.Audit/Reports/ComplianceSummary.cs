namespace Hematology.Integration.Audit;

/// <summary>What happened in a period, from the audit trail: the evidence a laboratory shows an inspector.</summary>
public sealed record ComplianceSummary
{
    /// <summary>Gets the first day of the period (UTC).</summary>
    public required DateOnly From { get; init; }

    /// <summary>Gets the last day of the period (UTC), inclusive.</summary>
    public required DateOnly To { get; init; }

    /// <summary>Gets when the summary was made.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Gets the trail entries the period covers.</summary>
    public required ComplianceTrailRange Trail { get; init; }

    /// <summary>Gets the file counts.</summary>
    public required ComplianceFileCounts Files { get; init; }

    /// <summary>Gets the message counts.</summary>
    public required ComplianceMessageCounts Messages { get; init; }

    /// <summary>Gets the ACK codes and delivery outcomes, with counts, in name order.</summary>
    public required IReadOnlyList<ComplianceCount> AckOutcomes { get; init; }

    /// <summary>Gets the ACK latency statistics.</summary>
    public required ComplianceLatency AckLatency { get; init; }

    /// <summary>Gets the quarantine volume and resolution times.</summary>
    public required ComplianceQuarantine Quarantine { get; init; }

    /// <summary>Gets the emergency pauses, in the order they began.</summary>
    public required IReadOnlyList<CompliancePause> Pauses { get; init; }

    /// <summary>Gets the manual actions (requeues, resumes, verifications) with their operators.</summary>
    public required IReadOnlyList<ComplianceManualAction> ManualActions { get; init; }

    /// <summary>Gets activity per hour (a one-day period) or per day.</summary>
    public required IReadOnlyList<ComplianceActivity> Activity { get; init; }

    /// <summary>Gets the verification result the summary was made with, when one was given.</summary>
    public ComplianceIntegrity? Integrity { get; init; }
}

/// <summary>The trail entries a summary covers.</summary>
/// <param name="Entries">How many entries fall in the period.</param>
/// <param name="FirstSequence">The first one's sequence (0 when none).</param>
/// <param name="LastSequence">The last one's sequence (0 when none).</param>
/// <param name="LastHash">The last one's hash: an anchor for the next verification.</param>
/// <param name="UnreadableRecords">Records in the trail that could not be read (see the verifier).</param>
public sealed record ComplianceTrailRange(long Entries, long FirstSequence, long LastSequence, string? LastHash, long UnreadableRecords);

/// <summary>File counts of a period.</summary>
/// <param name="Acquired">Files taken from analyzers.</param>
/// <param name="Removed">Source copies deleted or archived on the analyzers.</param>
/// <param name="Validated">Files validated.</param>
/// <param name="Rejected">Whole files rejected and quarantined.</param>
/// <param name="Processed">Files whose processing finished.</param>
/// <param name="Results">Results read from validated files.</param>
/// <param name="RowsQuarantined">Rows set aside as invalid.</param>
public sealed record ComplianceFileCounts(long Acquired, long Removed, long Validated, long Rejected, long Processed, long Results, long RowsQuarantined);

/// <summary>Message counts of a period.</summary>
/// <param name="Queued">Messages written to the outbox.</param>
/// <param name="Acknowledged">Messages positively acknowledged (AA/CA) and moved to sent/.</param>
/// <param name="Retries">Delivery retries.</param>
/// <param name="Timeouts">ACK timeouts seen (on retries, deliveries and quarantines).</param>
/// <param name="Quarantined">Messages quarantined.</param>
/// <param name="Requeued">Quarantined messages put back by an operator.</param>
public sealed record ComplianceMessageCounts(long Queued, long Acknowledged, long Retries, long Timeouts, long Quarantined, long Requeued);

/// <summary>A name with a count.</summary>
/// <param name="Name">The name.</param>
/// <param name="Count">The count.</param>
public sealed record ComplianceCount(string Name, long Count);

/// <summary>ACK latency statistics, in milliseconds.</summary>
/// <param name="Count">How many ACKs carried a latency.</param>
/// <param name="MeanMs">The mean (0 when none).</param>
/// <param name="P95Ms">The 95th percentile (nearest rank; 0 when none).</param>
/// <param name="MaxMs">The largest (0 when none).</param>
public sealed record ComplianceLatency(long Count, double MeanMs, double P95Ms, double MaxMs);

/// <summary>Quarantine volume and resolution.</summary>
/// <param name="Files">Whole files quarantined.</param>
/// <param name="RowSets">Sets of rejected rows quarantined.</param>
/// <param name="Messages">Messages quarantined.</param>
/// <param name="ByReason">Quarantine counts per destination folder (<c>quarantine/&lt;reason&gt;</c>), in name order.</param>
/// <param name="Resolved">Items of the period requeued or purged since (up to the end of the trail).</param>
/// <param name="Open">Items of the period still in quarantine.</param>
/// <param name="MedianResolutionMinutes">The median time from quarantine to resolution, in minutes (null when none resolved).</param>
/// <param name="MaxResolutionMinutes">The longest time from quarantine to resolution, in minutes (null when none resolved).</param>
public sealed record ComplianceQuarantine(long Files, long RowSets, long Messages, IReadOnlyList<ComplianceCount> ByReason, long Resolved, long Open, double? MedianResolutionMinutes, double? MaxResolutionMinutes);

/// <summary>One emergency pause.</summary>
/// <param name="TriggeredAt">When it began.</param>
/// <param name="Reason">Why it began.</param>
/// <param name="ClearedAt">When it was lifted (null while still paused at the end of the trail).</param>
/// <param name="ClearedBy">Who lifted it (an operator's name, or empty for an automated health check).</param>
/// <param name="ClearReason">The reason given for lifting it.</param>
/// <param name="DurationMinutes">How long it lasted, in minutes (null while still paused).</param>
public sealed record CompliancePause(DateTimeOffset TriggeredAt, string? Reason, DateTimeOffset? ClearedAt, string? ClearedBy, string? ClearReason, double? DurationMinutes);

/// <summary>A manual action recorded in the trail.</summary>
/// <param name="At">When it was committed.</param>
/// <param name="Sequence">The entry's sequence.</param>
/// <param name="Type">The event type.</param>
/// <param name="Operator">Who did it.</param>
/// <param name="Reason">Why.</param>
/// <param name="ControlId">The message concerned, when one.</param>
public sealed record ComplianceManualAction(DateTimeOffset At, long Sequence, string Type, string Operator, string? Reason, string? ControlId);

/// <summary>Activity in one hour or one day.</summary>
/// <param name="Label">The hour (<c>14:00</c>) or the day (<c>2026-11-22</c>).</param>
/// <param name="FilesAcquired">Files acquired.</param>
/// <param name="MessagesAcknowledged">Messages acknowledged.</param>
/// <param name="Quarantined">Files, row sets and messages quarantined.</param>
public sealed record ComplianceActivity(string Label, long FilesAcquired, long MessagesAcknowledged, long Quarantined);

/// <summary>The verification a summary was made with.</summary>
/// <param name="IsValid">Whether the trail verified.</param>
/// <param name="EntriesVerified">Entries verified.</param>
/// <param name="LastSequence">The last intact entry.</param>
/// <param name="LastHash">Its hash.</param>
/// <param name="Problem">The first break or artifact problem, when any.</param>
public sealed record ComplianceIntegrity(bool IsValid, long EntriesVerified, long LastSequence, string LastHash, string? Problem);
