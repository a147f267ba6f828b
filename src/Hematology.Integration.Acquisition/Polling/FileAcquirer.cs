using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Acquisition;

/// <summary>
/// Takes one stable file from a source into the spool: claim, copy into <c>incoming/*.partial</c> while hashing
/// (resuming an interrupted copy), verify the size, re-check the source, apply the completeness rule, fsync, and
/// rename atomically into <c>acquired/&lt;analyzer&gt;/</c>. The source copy is not touched here: it is removed by the
/// caller only after the hand-over.
/// </summary>
internal sealed class FileAcquirer
{
    private readonly string _incoming;
    private readonly string _acquiredRoot;
    private readonly StabilityOptions _stability;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private const long InMemoryLimit = 1024 * 1024;
    private readonly Dictionary<AnalyzerId, long> _sequences = [];
    private readonly Dictionary<AnalyzerId, FolderSync> _folders = [];

    private readonly Action<string>? _flushFolder;

    public FileAcquirer(string spoolDirectory, StabilityOptions stability, TimeProvider timeProvider, ILogger logger, Action<string>? flushFolder = null)
    {
        _flushFolder = flushFolder;
        var root = Path.GetFullPath(spoolDirectory);
        _incoming = Path.Combine(root, "incoming");
        _acquiredRoot = Path.Combine(root, "acquired");
        _stability = stability;
        _timeProvider = timeProvider;
        _logger = logger;
        Directory.CreateDirectory(_incoming);
        Directory.CreateDirectory(_acquiredRoot);
    }

    /// <summary>Acquires a file: <see cref="DownloadAsync"/> then <see cref="CommitAsync"/>.</summary>
    /// <returns>The acquired file and its claim (to remove it later), or <see langword="null"/> when it was taken by someone else, changed or incomplete (try later).</returns>
    public async Task<(AcquiredFile File, ClaimedFile Claim)?> AcquireAsync(IResultFileSource source, SourceFile file, int attempts, long maxBytes, CancellationToken cancellationToken)
    {
        var downloaded = await DownloadAsync(source, file, attempts, maxBytes, cancellationToken).ConfigureAwait(false);
        if (downloaded is null)
        {
            return null;
        }

        return (await CommitAsync(downloaded, cancellationToken).ConfigureAwait(false), downloaded.Claim);
    }

    /// <summary>
    /// The network part: claim, copy into <c>incoming/*.partial</c> while hashing (resuming an interrupted copy),
    /// verify the size, re-check the source, apply the completeness rule. The copy is written but not yet fsync'd.
    /// </summary>
    /// <returns>The downloaded file, or <see langword="null"/> when it was taken by someone else, changed or incomplete (try later).</returns>
    public async Task<DownloadedFile?> DownloadAsync(IResultFileSource source, SourceFile file, int attempts, long maxBytes, CancellationToken cancellationToken)
    {
        if (file.Length > maxBytes)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"The file is {file.Length} bytes, above the limit of {maxBytes}."));
        }

        var claim = await source.ClaimAsync(file, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return null;
        }

        var safeName = FileNames.Sanitise(file.Name);
        if (!string.Equals(safeName, file.Name, StringComparison.Ordinal))
        {
            Log.NameSanitised(_logger, safeName.Length == file.Name.Length ? safeName : "(unsafe)", safeName);
        }

        var correlationId = CorrelationId.New(_timeProvider);
        var partial = Path.Combine(_incoming, $"{source.AnalyzerId.Value}_{correlationId.Value}_{safeName}.partial");
        var keep = false;
        try
        {
            // Small files (most analyzer exports) are held in memory until WriteAsync writes and fsyncs them off the
            // network path; larger ones stream into the .partial file directly.
            var inMemory = file.Length <= InMemoryLimit;
            var buffer = inMemory ? new MemoryStream((int)file.Length + 1) : null;
            long length;
            Sha256Digest digest;
            if (buffer is not null)
            {
                (length, digest) = await CopyAsync(source, claim, buffer, attempts, maxBytes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
                await using (stream.ConfigureAwait(false))
                {
                    (length, digest) = await CopyAsync(source, claim, stream, attempts, maxBytes, cancellationToken).ConfigureAwait(false);
                }
            }

            // Re-check: the copy must be the file as it was listed, and the file must not have changed meanwhile.
            var current = await source.GetCurrentAsync(claim, cancellationToken).ConfigureAwait(false);
            var reason = length != file.Length ? $"listed {file.Length} bytes, copied {length}"
                : current is null ? "gone after the copy"
                : current.Length != length ? $"now {current.Length} bytes, copied {length}"
                : current.ModifiedAt is not null && claim.File.ModifiedAt is not null && WholeSeconds(current.ModifiedAt.Value) != WholeSeconds(claim.File.ModifiedAt.Value) ? "modification time changed"
                : null;
            if (reason is not null)
            {
                Log.ChangedDuringDownload(_logger, safeName, reason);
                await ReleaseQuietlyAsync(source, claim, cancellationToken).ConfigureAwait(false);
                return null;
            }

            if (_stability.Completeness is { } rule && !await IsCompleteAsync(rule, buffer, partial, cancellationToken).ConfigureAwait(false))
            {
                Log.Incomplete(_logger, safeName);
                await ReleaseQuietlyAsync(source, claim, cancellationToken).ConfigureAwait(false);
                return null;
            }

            long sequence;
            lock (_sequences)
            {
                sequence = _sequences.TryGetValue(source.AnalyzerId, out var last) ? last + 1 : 1;
                _sequences[source.AnalyzerId] = sequence;
            }

            keep = true;
            var content = buffer is null ? null : new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
            return new DownloadedFile(source, file, claim, partial, content, safeName, correlationId, length, digest, sequence);
        }
        catch
        {
            await ReleaseQuietlyAsync(source, claim, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (!keep)
            {
                TryDelete(partial);
            }
        }
    }

    /// <summary>
    /// The local part: <see cref="WriteAsync"/> then <see cref="MakeDurableAsync"/>; the copy is durable on return.
    /// </summary>
    /// <returns>The acquired file, durable.</returns>
    public async Task<AcquiredFile> CommitAsync(DownloadedFile downloaded, CancellationToken cancellationToken)
    {
        var committed = await WriteAsync(downloaded, cancellationToken).ConfigureAwait(false);
        return await MakeDurableAsync(committed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The first local step, safe to run concurrently with the next download: write and fsync the copy, rename it
    /// atomically into <c>acquired/&lt;analyzer&gt;/</c>. The new name is not yet flushed: <see cref="MakeDurableAsync"/>
    /// does that (one folder flush for many copies) before the copy is handed on. On failure the partial copy is
    /// deleted and the claim released.
    /// </summary>
    /// <returns>The renamed copy with its folder ticket.</returns>
    public async Task<CommittedFile> WriteAsync(DownloadedFile downloaded, CancellationToken cancellationToken)
    {
        var source = downloaded.Source;
        try
        {
            using (var handle = downloaded.Content is null
                ? File.OpenHandle(downloaded.PartialPath, FileMode.Open, FileAccess.ReadWrite)
                : File.OpenHandle(downloaded.PartialPath, FileMode.CreateNew, FileAccess.Write))
            {
                if (downloaded.Content is { } content)
                {
                    RandomAccess.Write(handle, content.Span, 0);
                }

                RandomAccess.FlushToDisk(handle);
            }

            var folder = FolderOf(source.AnalyzerId);
            var final = Path.Combine(folder.Folder, $"{downloaded.CorrelationId.Value}_{downloaded.SafeName}");
            File.Move(downloaded.PartialPath, final, overwrite: false);
            return new CommittedFile(downloaded, final, folder, folder.Renamed());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(downloaded.PartialPath);
            await ReleaseQuietlyAsync(source, downloaded.Claim, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The second local step, run just before the hand-over: flush the folder's entries unless a flush made after
    /// this copy's rename already did (group commit). Only then is the copy durable and may the source copy be
    /// removed. On failure the copy is deleted (it was never handed on) and the claim released, so that the file is
    /// taken again later.
    /// </summary>
    /// <returns>The acquired file, durable.</returns>
    public async Task<AcquiredFile> MakeDurableAsync(CommittedFile committed, CancellationToken cancellationToken)
    {
        var downloaded = committed.Downloaded;
        var source = downloaded.Source;
        try
        {
            committed.Folder.FlushThrough(committed.Ticket); // the new name is durable before anyone removes the source copy
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(committed.LocalPath);
            await ReleaseQuietlyAsync(source, downloaded.Claim, cancellationToken).ConfigureAwait(false);
            throw;
        }

        var acquired = new AcquiredFile
        {
            AnalyzerId = source.AnalyzerId,
            CorrelationId = downloaded.CorrelationId,
            SourceName = downloaded.SafeName,
            SourceLocation = source.Location,
            LocalPath = committed.LocalPath,
            Length = downloaded.Length,
            Sha256 = downloaded.Sha256,
            AcquiredAt = _timeProvider.GetUtcNow(),
            SourceModifiedAt = downloaded.File.ModifiedAt,
            Sequence = downloaded.Sequence,
        };
        Log.Acquired(_logger, downloaded.SafeName, downloaded.Length, downloaded.Sha256.Hex, committed.LocalPath);
        return acquired;
    }

    private static long WholeSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds();

    private FolderSync FolderOf(AnalyzerId analyzer)
    {
        lock (_folders)
        {
            if (!_folders.TryGetValue(analyzer, out var folder))
            {
                folder = new FolderSync(Path.Combine(_acquiredRoot, analyzer.Value), _flushFolder);
                Directory.CreateDirectory(folder.Folder);
                _folders[analyzer] = folder;
            }

            return folder;
        }
    }

    private async Task<(long Length, Sha256Digest Digest)> CopyAsync(IResultFileSource source, ClaimedFile claim, Stream stream, int attempts, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        {
            long written = 0;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await source.CopyToAsync(claim, written, async (chunk, ct) =>
                    {
                        if (written + chunk.Length > maxBytes)
                        {
                            throw new IOException("The file grew above the size limit during the copy.");
                        }

                        hash.AppendData(chunk.Span);
                        await stream.WriteAsync(chunk, ct).ConfigureAwait(false);
                        written += chunk.Length;
                    }, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (FtpException ex) when (ex.IsTransient && attempt < attempts)
                {
                    // Resume where the durable part ends (REST): the bytes written so far are already hashed.
                    Log.DownloadResumed(_logger, FileNames.Sanitise(claim.File.Name), written, attempt);
                }
            }

            // Written to the file here; made durable (fsync) by WriteAsync, which may overlap the next download.
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return (written, Sha256Digest.FromBytes(hash.GetHashAndReset()));
        }
    }

    private static async Task<bool> IsCompleteAsync(IFileCompletenessRule rule, MemoryStream? buffer, string path, CancellationToken cancellationToken)
    {
        if (buffer is not null)
        {
            using var view = new MemoryStream(buffer.GetBuffer(), 0, (int)buffer.Length, writable: false);
            return await rule.IsCompleteAsync(view, cancellationToken).ConfigureAwait(false);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            return await rule.IsCompleteAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReleaseQuietlyAsync(IResultFileSource source, ClaimedFile claim, CancellationToken cancellationToken)
    {
        try
        {
            await source.ReleaseAsync(claim, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FtpException or IOException or OperationCanceledException or UnauthorizedAccessException)
        {
            Log.FileFailed(_logger, ex, FileNames.Sanitise(claim.File.Name), source.AnalyzerId.Value, "release failed; the file stays in the processing folder");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the spool's recovery, which clears incoming/*.partial.
        }
    }
}
