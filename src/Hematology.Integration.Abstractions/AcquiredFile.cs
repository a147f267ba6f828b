namespace Hematology.Integration;

/// <summary>
/// A result file that has been taken from an analyzer and stored durably in the local spool: the hand-over
/// from acquisition to validation.
/// </summary>
/// <remarks>
/// By the time an <see cref="AcquiredFile"/> exists, the local copy at <see cref="LocalPath"/> has been flushed to
/// disk, its length checked against the source and its SHA-256 recorded; only then may the source copy be
/// removed or archived.
/// </remarks>
public sealed record AcquiredFile
{
    /// <summary>Gets the analyzer the file came from.</summary>
    public required AnalyzerId AnalyzerId { get; init; }

    /// <summary>Gets the id that ties together every event of this file's journey.</summary>
    public required CorrelationId CorrelationId { get; init; }

    /// <summary>Gets the file's name on the source (a bare name, never a path).</summary>
    public required string SourceName { get; init; }

    /// <summary>Gets where the source file was, without credentials (for example <c>ftp://10.0.0.5:21/export/</c>).</summary>
    public required string SourceLocation { get; init; }

    /// <summary>Gets the full path of the durable local copy.</summary>
    public required string LocalPath { get; init; }

    /// <summary>Gets the file's length in bytes.</summary>
    public required long Length { get; init; }

    /// <summary>Gets the SHA-256 of the file's content.</summary>
    public required Sha256Digest Sha256 { get; init; }

    /// <summary>Gets when the local copy became durable.</summary>
    public required DateTimeOffset AcquiredAt { get; init; }

    /// <summary>Gets the modification time the source reported, when it reported one (server time, informational only).</summary>
    public DateTimeOffset? SourceModifiedAt { get; init; }

    /// <summary>Gets the position of this file in its analyzer's acquisition order (1, 2, 3…), used to keep processing deterministic.</summary>
    public long Sequence { get; init; }
}
