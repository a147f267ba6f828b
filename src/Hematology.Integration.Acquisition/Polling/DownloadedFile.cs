namespace Hematology.Integration.Acquisition;

/// <summary>
/// A file copied, verified and hashed, not yet durable: its bytes are in <see cref="Content"/> (small files, written to
/// <see cref="PartialPath"/> by the commit) or already in <see cref="PartialPath"/> (large files), not yet fsync'd nor
/// renamed into the spool.
/// </summary>
internal sealed record DownloadedFile(
    IResultFileSource Source,
    SourceFile File,
    ClaimedFile Claim,
    string PartialPath,
    ReadOnlyMemory<byte>? Content,
    string SafeName,
    CorrelationId CorrelationId,
    long Length,
    Sha256Digest Sha256,
    long Sequence);
