using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hematology.Integration.Acquisition;

/// <summary>
/// A local or mounted (SMB/NFS) folder as a result file source, with the same semantics as <see cref="FtpFileSource"/>:
/// claim by moving into the processing folder, remove by deleting or archiving (never overwriting).
/// </summary>
public sealed class LocalFolderFileSource : IResultFileSource
{
    private readonly LocalFolderSourceOptions _options;
    private readonly ILogger _logger;
    private readonly string _root;

    /// <summary>Creates the source.</summary>
    /// <param name="options">The folder and what to do with its files.</param>
    /// <param name="loggerFactory">Creates the logger; <see langword="null"/> for none.</param>
    public LocalFolderFileSource(LocalFolderSourceOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsGuard.ThrowIfInvalid(new LocalFolderSourceOptionsValidator().Validate(null, options));
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LocalFolderFileSource>();
        _root = System.IO.Path.GetFullPath(options.Path);
        AnalyzerId = AnalyzerId.Create(options.AnalyzerId);
        Location = new Uri(_root.EndsWith(System.IO.Path.DirectorySeparatorChar) ? _root : _root + System.IO.Path.DirectorySeparatorChar).AbsoluteUri;
    }

    /// <inheritdoc />
    public AnalyzerId AnalyzerId { get; }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>Gets the polling interval.</summary>
    internal TimeSpan PollInterval => _options.PollInterval;

    /// <summary>Gets the largest file accepted.</summary>
    internal long MaxFileBytes => _options.MaxFileBytes;

    /// <inheritdoc />
    public ValueTask<SourceListing> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var files = new List<SourceFile>();
        foreach (var info in new DirectoryInfo(_root).EnumerateFiles())
        {
            if (FileNames.Matches(info.Name, _options.FilePattern))
            {
                files.Add(new SourceFile(info.Name, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero)));
            }
        }

        return ValueTask.FromResult(new SourceListing(files, []));
    }

    /// <inheritdoc />
    public ValueTask<ClaimedFile?> ClaimAsync(SourceFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        cancellationToken.ThrowIfCancellationRequested();
        var source = Inside(file.Name);
        if (string.IsNullOrEmpty(_options.ProcessingFolder))
        {
            return ValueTask.FromResult<ClaimedFile?>(File.Exists(source) ? new ClaimedFile(file, file.Name) : null);
        }

        Directory.CreateDirectory(Inside(_options.ProcessingFolder));
        var relative = _options.ProcessingFolder + "/" + file.Name;
        try
        {
            // overwrite: false — a name left in processing/ is never replaced.
            File.Move(source, Inside(relative), overwrite: false);
        }
        catch (FileNotFoundException)
        {
            Log.ClaimLost(_logger, file.Name, Location);
            return ValueTask.FromResult<ClaimedFile?>(null);
        }
        catch (DirectoryNotFoundException)
        {
            return ValueTask.FromResult<ClaimedFile?>(null);
        }

        Log.Claimed(_logger, file.Name, Location);
        return ValueTask.FromResult<ClaimedFile?>(new ClaimedFile(file, relative));
    }

    /// <inheritdoc />
    public async ValueTask<long> CopyToAsync(ClaimedFile file, long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(destination);
        var stream = new FileStream(Inside(file.Path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            stream.Position = offset;
            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
            }

            return total;
        }
    }

    /// <inheritdoc />
    public ValueTask<SourceFile?> GetCurrentAsync(ClaimedFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var info = new FileInfo(Inside(file.Path));
        return ValueTask.FromResult(info.Exists ? new SourceFile(file.File.Name, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero)) : null);
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(ClaimedFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!string.Equals(file.Path, file.File.Name, StringComparison.Ordinal))
        {
            var target = Inside(file.File.Name);
            if (!File.Exists(target))
            {
                File.Move(Inside(file.Path), target, overwrite: false);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<string?> RemoveAsync(ClaimedFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (_options.AfterDownload == AfterDownloadAction.Delete)
        {
            File.Delete(Inside(file.Path));
            Log.Disposed(_logger, file.File.Name, Location, "deleted");
            return ValueTask.FromResult<string?>(null);
        }

        Directory.CreateDirectory(Inside(_options.ArchiveFolder));
        for (var attempt = 0; ; attempt++)
        {
            var relative = _options.ArchiveFolder + "/" + FileNames.WithSuffix(file.File.Name, attempt);
            try
            {
                File.Move(Inside(file.Path), Inside(relative), overwrite: false);
                Log.Disposed(_logger, file.File.Name, Location, "archived as " + relative);
                return ValueTask.FromResult<string?>(relative);
            }
            catch (IOException) when (File.Exists(Inside(relative)) && attempt < 1000)
            {
                // Taken: try the next suffix.
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string Inside(string relative)
    {
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(_root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar)));
        if (!full.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new IOException($"The name '{FileNames.Sanitise(relative)}' points outside the source folder.");
        }

        return full;
    }
}
