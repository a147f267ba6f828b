namespace Hematology.Integration.Audit;

/// <summary>Appends events to a tamper-evident audit trail.</summary>
public interface IAuditTrail
{
    /// <summary>Appends an event and completes once it is durable.</summary>
    /// <param name="auditEvent">The event.</param>
    /// <param name="cancellationToken">Stops waiting; the event may still be committed.</param>
    /// <returns>The committed entry.</returns>
    /// <exception cref="ArgumentException">The event is malformed or carries a forbidden detail key.</exception>
    /// <exception cref="AuditTrailException">The trail cannot write (locked by another process, faulted after an I/O error, disposed).</exception>
    ValueTask<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}

/// <summary>Reads an audit trail, entry by entry, for verification and reports.</summary>
public interface IAuditTrailReader
{
    /// <summary>Reads every stored record in trail order, including records that cannot be parsed.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The records.</returns>
    IAsyncEnumerable<AuditRecord> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the trail's head marker: the last committed entry's sequence and hash, kept apart from the entries so that a cut-off tail shows.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The head, or <see langword="null"/> when the trail has none (empty, or written by an older version).</returns>
    ValueTask<AuditAnchor?> ReadHeadAsync(CancellationToken cancellationToken = default);
}

/// <summary>An open audit trail that can be written and read, and must be disposed to release its lock.</summary>
public interface IAuditTrailStore : IAuditTrail, IAuditTrailReader, IAsyncDisposable
{
}

/// <summary>A trusted reference point in a trail: an entry's sequence and hash, kept outside the trail (for example printed in the last report).</summary>
/// <param name="Sequence">The entry's sequence number.</param>
/// <param name="Hash">The entry's hash.</param>
public sealed record AuditAnchor(long Sequence, string Hash);

/// <summary>One stored record of a trail, as read back.</summary>
public sealed record AuditRecord
{
    /// <summary>Gets where the record is: <c>audit-2026-11-22.jsonl line 17</c> or <c>audit.db seq 17</c>.</summary>
    public required string Location { get; init; }

    /// <summary>Gets the parsed entry, or <see langword="null"/> when the record cannot be parsed (see <see cref="Problem"/>).</summary>
    public AuditEntry? Entry { get; init; }

    /// <summary>Gets whether the stored hash equals the SHA-256 of the stored content.</summary>
    public bool HashMatchesContent { get; init; }

    /// <summary>Gets why the record could not be parsed.</summary>
    public string? Problem { get; init; }

    /// <summary>Gets whether this is an incomplete last line (a write cut short by a crash, never acknowledged).</summary>
    public bool IsTornTail { get; init; }
}
