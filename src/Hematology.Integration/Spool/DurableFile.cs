using System.Runtime.InteropServices;

namespace Hematology.Integration.Spool;

/// <summary>
/// Crash-safe file operations: content is written to a temporary name, flushed to the device, renamed into
/// place atomically, and the folder entry itself is flushed, so after a crash a file is either wholly there or
/// not there at all.
/// </summary>
internal static partial class DurableFile
{
    private const string TempSuffix = ".tmp";

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically and durably.</summary>
    public static async ValueTask WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temp = path + TempSuffix;
        var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        FlushDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Moves a file atomically (same file system) and flushes both folders' entries.</summary>
    public static void Move(string source, string destination, bool overwrite = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Move(source, destination, overwrite);
        FlushDirectory(Path.GetDirectoryName(destination)!);
        var sourceFolder = Path.GetDirectoryName(source)!;
        if (!string.Equals(sourceFolder, Path.GetDirectoryName(destination), StringComparison.Ordinal))
        {
            FlushDirectory(sourceFolder);
        }
    }

    /// <summary>Removes temporary files a crash left behind in <paramref name="folder"/>.</summary>
    public static int RemoveLeftovers(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*" + TempSuffix, SearchOption.AllDirectories))
        {
            File.Delete(file);
            count++;
        }

        return count;
    }

    /// <summary>Flushes a folder's entries (new, renamed and removed names) to the device. A no-op where the OS has no such call.</summary>
    public static void FlushDirectory(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = Open(folder, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
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
