namespace Hematology.Integration.Spool;

/// <summary>
/// Crash-safe file operations: content is written to a temporary name, flushed to the device, renamed into
/// place atomically, and the folder entry itself is flushed, so after a crash a file is either wholly there or
/// not there at all.
/// </summary>
internal static class DurableFile
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

    /// <summary>
    /// Writes two files of the same folder atomically and durably with one flush of the folder: both contents are
    /// flushed to the device under temporary names, then renamed in order (<paramref name="first"/> first), then the
    /// folder entry is flushed once. A crash leaves each file wholly there or not there at all.
    /// </summary>
    public static void WritePair(string first, ReadOnlySpan<byte> firstContent, string second, ReadOnlySpan<byte> secondContent)
    {
        var folder = Path.GetDirectoryName(first)!;
        if (!string.Equals(folder, Path.GetDirectoryName(second), StringComparison.Ordinal))
        {
            throw new ArgumentException("Both files must be in the same folder.", nameof(second));
        }

        WriteFlushed(first + TempSuffix, firstContent);
        WriteFlushed(second + TempSuffix, secondContent);
        File.Move(first + TempSuffix, first, overwrite: true);
        File.Move(second + TempSuffix, second, overwrite: true);
        FlushDirectory(folder);
    }

    /// <summary>
    /// Moves files atomically (same file system), in order, then flushes each destination folder's entry and each
    /// source folder's entry once (instead of once per file).
    /// </summary>
    public static void MoveAll(IReadOnlyList<(string Source, string Destination)> moves, bool overwrite = false)
    {
        var destinations = new List<string>(2);
        var sources = new List<string>(2);
        foreach (var (source, destination) in moves)
        {
            var target = Path.GetDirectoryName(destination)!;
            if (!destinations.Contains(target, StringComparer.Ordinal))
            {
                Directory.CreateDirectory(target);
                destinations.Add(target);
            }

            File.Move(source, destination, overwrite);
            var from = Path.GetDirectoryName(source)!;
            if (!sources.Contains(from, StringComparer.Ordinal))
            {
                sources.Add(from);
            }
        }

        foreach (var folder in destinations)
        {
            FlushDirectory(folder);
        }

        foreach (var folder in sources)
        {
            if (!destinations.Contains(folder, StringComparer.Ordinal))
            {
                FlushDirectory(folder);
            }
        }
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

    private static void WriteFlushed(string path, ReadOnlySpan<byte> content)
    {
        using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None);
        RandomAccess.Write(handle, content, 0);
        RandomAccess.FlushToDisk(handle);
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

    /// <summary>Flushes a folder's entries to the device; throws <see cref="IOException"/> when it cannot (the same flush as the acquisition's).</summary>
    public static void FlushDirectory(string folder) => Hematology.Integration.Acquisition.FolderSync.Flush(folder);
}
