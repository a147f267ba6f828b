namespace Hematology.Integration.Acquisition;

/// <summary>The argument of the callback that receives each acquired file, in order, before its source copy is removed.</summary>
public readonly struct FileAcquiredArguments
{
    /// <summary>Creates the argument.</summary>
    /// <param name="file">The acquired file.</param>
    /// <param name="cancellationToken">Cancelled when the poller stops.</param>
    public FileAcquiredArguments(AcquiredFile file, CancellationToken cancellationToken)
    {
        File = file;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the acquired file: durable in the spool, size verified, SHA-256 computed.</summary>
    public AcquiredFile File { get; }

    /// <summary>Gets the token cancelled when the poller stops.</summary>
    public CancellationToken CancellationToken { get; }
}
