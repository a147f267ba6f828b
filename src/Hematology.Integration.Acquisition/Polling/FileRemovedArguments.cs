namespace Hematology.Integration.Acquisition;

/// <summary>The argument of the callback told that a source file was removed (deleted or archived) after its acquisition.</summary>
public readonly struct FileRemovedArguments
{
    /// <summary>Creates the argument.</summary>
    /// <param name="file">The acquired file whose source copy was removed.</param>
    /// <param name="archivedAs">The archive path on the source, or <see langword="null"/> when deleted.</param>
    /// <param name="cancellationToken">Cancelled when the poller stops.</param>
    public FileRemovedArguments(AcquiredFile file, string? archivedAs, CancellationToken cancellationToken)
    {
        File = file;
        ArchivedAs = archivedAs;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the acquired file.</summary>
    public AcquiredFile File { get; }

    /// <summary>Gets the archive path on the source, or <see langword="null"/> when the file was deleted.</summary>
    public string? ArchivedAs { get; }

    /// <summary>Gets the token cancelled when the poller stops.</summary>
    public CancellationToken CancellationToken { get; }
}
