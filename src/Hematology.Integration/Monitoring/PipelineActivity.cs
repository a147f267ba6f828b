using Hematology.Integration.Validation;

namespace Hematology.Integration.Monitoring;

/// <summary>Something the pipeline finished with: a file (<see cref="FileSettled"/>) or a message (<see cref="MessageSettled"/>).</summary>
public abstract record PipelineActivity
{
    /// <summary>Gets when it settled.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// A file was settled: validated, its messages durably queued and the file archived in the spool, or the whole file
/// quarantined. No patient data.
/// </summary>
public sealed record FileSettled : PipelineActivity
{
    /// <summary>Gets the analyzer the file came from.</summary>
    public required string AnalyzerId { get; init; }

    /// <summary>Gets the file's name at the source.</summary>
    public required string FileName { get; init; }

    /// <summary>Gets the file's SHA-256 (hex).</summary>
    public required string Sha256 { get; init; }

    /// <summary>Gets the correlation id that ties the file's audit events, spans and messages together.</summary>
    public required string CorrelationId { get; init; }

    /// <summary>Gets the validation verdict.</summary>
    public required FileVerdict Verdict { get; init; }

    /// <summary>Gets how many results passed validation.</summary>
    public int Results { get; init; }

    /// <summary>Gets how many rows were set aside in quarantine.</summary>
    public int RejectedRows { get; init; }

    /// <summary>Gets how many messages were queued (one per specimen and destination; 0 when they were queued before a restart).</summary>
    public int MessagesQueued { get; init; }

    /// <summary>Gets the first issue code when the file or rows were rejected (for example <c>MISSING_COLUMNS</c>).</summary>
    public string? IssueCode { get; init; }
}

/// <summary>How a message left its outbox.</summary>
public enum MessageDisposition
{
    /// <summary>Acknowledged with AA/CA (MSA-2 matching its MSH-10); moved to <c>sent/</c>.</summary>
    Delivered,

    /// <summary>Set aside in <c>quarantine/&lt;reason&gt;/</c> with a reason file.</summary>
    Quarantined,
}

/// <summary>A message reached its final disposition for one destination. No patient data.</summary>
public sealed record MessageSettled : PipelineActivity
{
    /// <summary>Gets the destination.</summary>
    public required string Destination { get; init; }

    /// <summary>Gets the message control id (MSH-10).</summary>
    public required string ControlId { get; init; }

    /// <summary>Gets the correlation id of the file it came from, when known.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Gets the analyzer it came from, when known.</summary>
    public string? AnalyzerId { get; init; }

    /// <summary>Gets whether it was delivered or quarantined.</summary>
    public required MessageDisposition Disposition { get; init; }

    /// <summary>Gets the last ACK code (MSA-1), or <see langword="null"/> when none came.</summary>
    public string? AckCode { get; init; }

    /// <summary>Gets how many sends it took.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets the quarantine reason (folder), one of <see cref="Spool.QuarantineReasons"/>, when quarantined.</summary>
    public string? QuarantineReason { get; init; }

    /// <summary>Gets the last outcome's description (ACK text, timeout, connection error); no payload.</summary>
    public string? Detail { get; init; }
}
