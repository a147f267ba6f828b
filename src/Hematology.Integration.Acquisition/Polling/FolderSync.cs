using System.Runtime.InteropServices;

namespace Hematology.Integration.Acquisition;

/// <summary>
/// Makes renames into a folder durable by flushing the folder's entries (fsync on the folder), with group commit:
/// one flush covers every rename made before it started, so copies committed together share one flush. A file's
/// name in <c>acquired/</c> must be on the device before the source copy is removed: after a power loss the copy
/// would otherwise be back under its <c>.partial</c> name, which recovery deletes. A rename takes a ticket
/// (<see cref="Renamed"/>); <see cref="FlushThrough"/> returns once that ticket is covered by a flush, so the poller
/// can rename many copies and flush once, just before the first of them is handed on.
/// </summary>
internal sealed partial class FolderSync
{
    private readonly Lock _flush = new();
    private readonly Action<string> _flushFolder;
    private long _renamed;
    private long _flushed;

    /// <summary>Creates the folder's flusher.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="flushFolder">Flushes a folder's entries; <see langword="null"/> for fsync (tests inject failures).</param>
    public FolderSync(string folder, Action<string>? flushFolder = null)
    {
        Folder = folder;
        _flushFolder = flushFolder ?? Flush;
    }

    /// <summary>Gets the folder.</summary>
    public string Folder { get; }

    /// <summary>Gets how many folder flushes were made (for tests of the group commit).</summary>
    public long Flushes { get; private set; }

    /// <summary>Records a rename just made into the folder.</summary>
    /// <returns>The rename's ticket, for <see cref="FlushThrough"/>.</returns>
    public long Renamed() => Interlocked.Increment(ref _renamed);

    /// <summary>Returns once the folder's entries, the rename with <paramref name="ticket"/> included, are on the device.</summary>
    /// <param name="ticket">A ticket from <see cref="Renamed"/>.</param>
    /// <exception cref="IOException">The folder could not be flushed.</exception>
    public void FlushThrough(long ticket)
    {
        lock (_flush)
        {
            if (Volatile.Read(ref _flushed) >= ticket)
            {
                return; // a flush that started after this rename has completed
            }

            var upTo = Volatile.Read(ref _renamed);
            _flushFolder(Folder);
            Flushes++;
            Volatile.Write(ref _flushed, upTo);
        }
    }

    /// <summary>Records a rename just made into the folder and returns once the folder's entries, that rename included, are on the device.</summary>
    /// <exception cref="IOException">The folder could not be flushed.</exception>
    public void RenamedAndFlush() => FlushThrough(Renamed());

    /// <summary>Flushes a folder's entries to the device (no-op on Windows); throws <see cref="IOException"/> when it cannot.</summary>
    internal static void Flush(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return; // Windows has no folder flush; NTFS journals renames.
        }

        var fd = Open(path, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"The folder could not be opened to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"The folder could not be flushed to the device (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
