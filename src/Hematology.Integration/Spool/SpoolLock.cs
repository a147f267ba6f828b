namespace Hematology.Integration.Spool;

/// <summary>
/// The one-host-per-spool rule: a running host holds an exclusive lock on <c>&lt;spool&gt;/spool.lock</c>. Two hosts on
/// one spool would both poll the analyzers and both send the outbox; the second one refuses to start instead. The
/// operating system releases the lock when the process ends, however it ends (a <c>kill -9</c> included).
/// </summary>
internal static class SpoolLock
{
    public const string FileName = "spool.lock";

    /// <summary>Takes the spool's lock for as long as the returned stream stays open.</summary>
    /// <exception cref="InvalidOperationException">Another host holds the lock.</exception>
    public static FileStream Acquire(string spoolRoot)
    {
        Directory.CreateDirectory(spoolRoot);
        var path = Path.Combine(spoolRoot, FileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another host is already running on the spool {spoolRoot} (it holds {path}); a second host on the same spool would poll and send twice, so this one does not start.",
                ex);
        }
    }
}
