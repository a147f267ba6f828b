using System.Globalization;

namespace Hematology.Integration.Audit;

/// <summary>The kind of break the verifier found in the chain.</summary>
public enum AuditBreakKind
{
    /// <summary>An entry's content no longer matches its hash, or an entry was changed and re-hashed (the next entry's link no longer matches).</summary>
    Edited,

    /// <summary>Entries are missing: the sequence jumps forward and the missing numbers appear nowhere later.</summary>
    Removed,

    /// <summary>Entries are out of order: a sequence number appears before an earlier one that comes later.</summary>
    Reordered,

    /// <summary>A record that is not part of the chain sits between two entries (a forged or duplicated entry).</summary>
    Inserted,

    /// <summary>Entries are missing from the end: the head marker or the anchor names an entry the trail no longer reaches.</summary>
    Truncated,

    /// <summary>A record cannot be read as an entry at all.</summary>
    Malformed,
}

/// <summary>What is wrong with a retained copy named in the trail.</summary>
public enum AuditArtifactProblemKind
{
    /// <summary>The file is not there, and no later entry records its purge or requeue.</summary>
    Missing,

    /// <summary>The file's SHA-256 differs from the one the trail recorded.</summary>
    HashMismatch,
}

/// <summary>The first break in a trail's chain.</summary>
/// <param name="Kind">What kind of break it is.</param>
/// <param name="Sequence">The sequence number of the first entry that is not intact (the one expected at that point).</param>
/// <param name="Location">Where in the store the break was seen (file and line, or database and seq).</param>
/// <param name="Message">A sentence saying what was found.</param>
public sealed record AuditChainBreak(AuditBreakKind Kind, long Sequence, string Location, string Message);

/// <summary>A retained copy that fails its check.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Sequence">The entry that named the file.</param>
/// <param name="Path">The file's path as resolved by the verifier.</param>
/// <param name="ExpectedSha256">The SHA-256 the trail recorded, when it recorded one.</param>
/// <param name="ActualSha256">The file's SHA-256 now, when it exists.</param>
public sealed record AuditArtifactProblem(AuditArtifactProblemKind Kind, long Sequence, string Path, string? ExpectedSha256, string? ActualSha256);

/// <summary>The outcome of verifying a trail.</summary>
public sealed record AuditVerificationReport
{
    /// <summary>Gets whether the chain is intact, the head marker readable and every retained copy present with its recorded hash.</summary>
    public bool IsValid => ChainBreak is null && ArtifactProblems.Count == 0 && HeadProblem is null;

    /// <summary>Gets how many entries were verified as intact (up to the first break).</summary>
    public required long EntriesVerified { get; init; }

    /// <summary>Gets the last intact entry's sequence (0 for an empty trail).</summary>
    public required long LastSequence { get; init; }

    /// <summary>Gets the last intact entry's hash: record it outside the trail to use it as an anchor later.</summary>
    public required string LastHash { get; init; }

    /// <summary>Gets the first break, or <see langword="null"/> when the chain is intact.</summary>
    public AuditChainBreak? ChainBreak { get; init; }

    /// <summary>Gets whether the trail ends with an incomplete line left by an interrupted write (never acknowledged; repaired at the next open). Not a break.</summary>
    public bool HasTornTail { get; init; }

    /// <summary>Gets why the trail's head marker could not be read (damaged), when it could not; truncation of the end cannot be ruled out then.</summary>
    public string? HeadProblem { get; init; }

    /// <summary>Gets how many retained copies were checked.</summary>
    public int ArtifactsChecked { get; init; }

    /// <summary>Gets the retained copies that are missing or altered.</summary>
    public IReadOnlyList<AuditArtifactProblem> ArtifactProblems { get; init; } = [];

    /// <summary>Gets when the verification finished.</summary>
    public required DateTimeOffset VerifiedAt { get; init; }

    /// <summary>Gets how long the verification took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Builds the <see cref="AuditEventTypes.AuditVerified"/> event that records this verification in the trail.</summary>
    /// <param name="operatorName">Who ran the verification, when a person did.</param>
    /// <returns>The event.</returns>
    public AuditEvent ToAuditEvent(string? operatorName = null)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["entriesVerified"] = EntriesVerified.ToString(CultureInfo.InvariantCulture),
            ["lastSequence"] = LastSequence.ToString(CultureInfo.InvariantCulture),
            ["lastHash"] = LastHash,
            ["artifactsChecked"] = ArtifactsChecked.ToString(CultureInfo.InvariantCulture),
            ["artifactProblems"] = ArtifactProblems.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (ChainBreak is { } chainBreak)
        {
            details["breakKind"] = chainBreak.Kind.ToString();
            details["breakSequence"] = chainBreak.Sequence.ToString(CultureInfo.InvariantCulture);
        }

        return new AuditEvent
        {
            Type = AuditEventTypes.AuditVerified,
            Disposition = IsValid ? "valid" : "invalid",
            Operator = operatorName,
            Details = details,
        };
    }
}
