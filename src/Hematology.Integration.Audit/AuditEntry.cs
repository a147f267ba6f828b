namespace Hematology.Integration.Audit;

/// <summary>An event as it stands in the trail: numbered, time-stamped and chained to the entry before it.</summary>
public sealed record AuditEntry
{
    /// <summary>The previous-hash of the first entry of a trail: 64 zeros.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Gets the entry's position in the trail: 1, 2, 3… without gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets when the trail committed the entry (UTC, from the trail's <see cref="TimeProvider"/>); entries committed together share it.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the previous entry's <see cref="Hash"/> (or <see cref="GenesisHash"/> for the first entry).</summary>
    public required string PreviousHash { get; init; }

    /// <summary>Gets the SHA-256 of the entry's canonical text, which includes <see cref="PreviousHash"/>; 64 lower-case hexadecimal characters.</summary>
    public required string Hash { get; init; }

    /// <summary>Gets the event.</summary>
    public required AuditEvent Event { get; init; }
}
