namespace Hematology.Integration.Acquisition;

/// <summary>
/// Where an analyzer's result files come from: an FTP/FTPS server (<see cref="FtpFileSource"/>) or a local/SMB folder
/// (<see cref="LocalFolderFileSource"/>). A source lists files, claims one (so no other instance takes it), copies it,
/// re-reads its state after the copy, and finally removes (deletes or archives) or releases it. The durable download,
/// stability and ordering are done by the caller (<see cref="AcquisitionPoller"/>), the same for every source.
/// </summary>
public interface IResultFileSource : IAsyncDisposable
{
    /// <summary>Gets the analyzer whose files this source holds.</summary>
    AnalyzerId AnalyzerId { get; }

    /// <summary>Gets where the files are, without credentials (for example <c>ftp://10.0.0.5:21/export/</c>).</summary>
    string Location { get; }

    /// <summary>Lists the files waiting in the source folder (folders and the claim/archive folders excluded).</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The files, and the listing lines that could not be understood.</returns>
    ValueTask<SourceListing> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Claims a file by moving it into the processing folder (or, without one, takes it where it is).</summary>
    /// <param name="file">A file from <see cref="ListAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>The claimed file, or <see langword="null"/> when it is gone (another instance took it).</returns>
    ValueTask<ClaimedFile?> ClaimAsync(SourceFile file, CancellationToken cancellationToken = default);

    /// <summary>Copies a claimed file's content from <paramref name="offset"/> into <paramref name="destination"/>.</summary>
    /// <param name="file">The claimed file.</param>
    /// <param name="offset">Where to start (to resume an interrupted copy).</param>
    /// <param name="destination">Receives the bytes, in order.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>The number of bytes copied.</returns>
    ValueTask<long> CopyToAsync(ClaimedFile file, long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> destination, CancellationToken cancellationToken = default);

    /// <summary>Reads a claimed file's current size and modification time (the re-check after the copy).</summary>
    /// <param name="file">The claimed file.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The current state, or <see langword="null"/> when the file is gone.</returns>
    ValueTask<SourceFile?> GetCurrentAsync(ClaimedFile file, CancellationToken cancellationToken = default);

    /// <summary>Gives a claimed file back (moves it out of the processing folder) so a later poll takes it again.</summary>
    /// <param name="file">The claimed file.</param>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task that completes when released.</returns>
    ValueTask ReleaseAsync(ClaimedFile file, CancellationToken cancellationToken = default);

    /// <summary>Deletes or archives a claimed file, as configured; only called once its local copy is durable.</summary>
    /// <param name="file">The claimed file.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>Where the file went: <see langword="null"/> when deleted, else its archive path on the source.</returns>
    ValueTask<string?> RemoveAsync(ClaimedFile file, CancellationToken cancellationToken = default);
}
