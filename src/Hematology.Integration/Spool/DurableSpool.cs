using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hematology.Integration.Spool;

/// <summary>
/// The pipeline's durable, inspectable spool on disk:
/// <code>
/// incoming/                    downloads in progress (*.partial)
/// acquired/&lt;analyzer&gt;/         files taken from analyzers, durable, waiting for validation
/// processed/&lt;date&gt;/&lt;analyzer&gt;/ files whose messages are all queued (kept for audit verification)
/// outbox/&lt;destination&gt;/       messages waiting to be sent, in order (&lt;sequence&gt;-&lt;control id&gt;.hl7 + .meta.json)
/// sent/&lt;date&gt;/&lt;destination&gt;/  messages acknowledged with AA/CA
/// quarantine/&lt;reason&gt;/        set-aside files and messages, each with .reason.json and .reason.txt
/// </code>
/// Every change is an atomic rename of a fully written, flushed file, so a crash at any moment leaves each item
/// either where it was or where it was going, never half-written.
/// </summary>
internal sealed class DurableSpool
{
    private const string MessageExtension = ".hl7";
    private const string MetadataExtension = ".meta.json";
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _knownControlIds = new(StringComparer.Ordinal);
    private long _nextSequence = 1;
    private readonly Lock _unflushedGate = new();
    private readonly HashSet<string> _unflushedFolders = new(StringComparer.Ordinal);
    private int _unflushedMoves;

    public DurableSpool(string root, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        _timeProvider = timeProvider;
    }

    public string Root { get; }

    public string IncomingDirectory => Path.Combine(Root, "incoming");

    public string AcquiredRoot => Path.Combine(Root, "acquired");

    public string OutboxRoot => Path.Combine(Root, "outbox");

    public string SentRoot => Path.Combine(Root, "sent");

    public string ProcessedRoot => Path.Combine(Root, "processed");

    public string QuarantineRoot => Path.Combine(Root, "quarantine");

    public string AcquiredDirectory(AnalyzerId analyzer) => Path.Combine(AcquiredRoot, analyzer.Value);

    public string OutboxDirectory(string destination) => Path.Combine(OutboxRoot, SafeName(destination));

    /// <summary>Creates the folders, removes temporary files a crash left behind, and indexes the control ids already queued, sent or quarantined.</summary>
    /// <returns>How many leftover temporary files were removed.</returns>
    public int Recover()
    {
        foreach (var dir in new[] { IncomingDirectory, AcquiredRoot, OutboxRoot, SentRoot, ProcessedRoot, QuarantineRoot })
        {
            Directory.CreateDirectory(dir);
        }

        var removed = DurableFile.RemoveLeftovers(OutboxRoot) + DurableFile.RemoveLeftovers(QuarantineRoot);
        lock (_gate)
        {
            _knownControlIds.Clear();
            long maxSequence = 0;
            foreach (var file in Directory.EnumerateFiles(OutboxRoot, "*" + MessageExtension, SearchOption.AllDirectories))
            {
                if (TryParseOutboxName(Path.GetFileName(file), out var sequence, out var controlId))
                {
                    maxSequence = Math.Max(maxSequence, sequence);
                    _knownControlIds.Add(Key(Path.GetFileName(Path.GetDirectoryName(file)!), controlId));
                }
            }

            foreach (var file in Directory.EnumerateFiles(SentRoot, "*" + MessageExtension, SearchOption.AllDirectories))
            {
                if (TryParseOutboxName(Path.GetFileName(file), out _, out var controlId))
                {
                    _knownControlIds.Add(Key(Path.GetFileName(Path.GetDirectoryName(file)!), controlId));
                }
            }

            foreach (var file in Directory.EnumerateFiles(QuarantineRoot, "*" + MessageExtension, SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(file);
                var marker = name.IndexOf("__", StringComparison.Ordinal);
                if (marker > 0 && TryParseOutboxName(name[(marker + 2)..], out _, out var controlId))
                {
                    _knownControlIds.Add(Key(name[..marker], controlId));
                }
            }

            _nextSequence = maxSequence + 1;
        }

        return removed;
    }

    /// <summary>Whether a message with this control id is already queued, sent or quarantined for this destination.</summary>
    public bool IsKnown(string destination, string controlId)
    {
        lock (_gate)
        {
            return _knownControlIds.Contains(Key(SafeName(destination), controlId));
        }
    }

    /// <summary>
    /// Queues a message durably. Idempotent by control id: a message already queued, sent or quarantined is not
    /// queued again (this is what makes re-processing a file after a crash safe).
    /// </summary>
    /// <returns>The queued item, or <see langword="null"/> when the control id was already known.</returns>
    public ValueTask<OutboxItem?> EnqueueAsync(OutboxMetadata metadata, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        long sequence;
        lock (_gate)
        {
            if (!_knownControlIds.Add(Key(SafeName(metadata.Destination), metadata.ControlId)))
            {
                return ValueTask.FromResult<OutboxItem?>(null);
            }

            sequence = _nextSequence++;
        }

        var folder = OutboxDirectory(metadata.Destination);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, OutboxName(sequence, metadata.ControlId));
        var item = new OutboxItem(metadata.Destination, sequence, metadata.ControlId, path);
        try
        {
            // Both flushed under temporary names, then the metadata renamed first and the folder flushed once. (A
            // message whose metadata is missing is still delivered; the metadata only feeds the audit trail.)
            cancellationToken.ThrowIfCancellationRequested();
            DurableFile.WritePair(item.MetadataPath, JsonSerializer.SerializeToUtf8Bytes(metadata, SpoolJsonContext.Default.OutboxMetadata), path, message.Span);
        }
        catch
        {
            lock (_gate)
            {
                _knownControlIds.Remove(Key(SafeName(metadata.Destination), metadata.ControlId));
            }

            throw;
        }

        return ValueTask.FromResult<OutboxItem?>(item);
    }

    /// <summary>Lists a destination's queued messages in sending order.</summary>
    public IReadOnlyList<OutboxItem> ListOutbox(string destination)
    {
        var folder = OutboxDirectory(destination);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var items = new List<OutboxItem>();
        foreach (var file in Directory.EnumerateFiles(folder, "*" + MessageExtension))
        {
            if (TryParseOutboxName(Path.GetFileName(file), out var sequence, out var controlId))
            {
                items.Add(new OutboxItem(destination, sequence, controlId, file));
            }
        }

        items.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return items;
    }

    /// <summary>Counts the messages queued for every destination.</summary>
    public int CountOutbox() =>
        Directory.Exists(OutboxRoot) ? Directory.EnumerateFiles(OutboxRoot, "*" + MessageExtension, SearchOption.AllDirectories).Count() : 0;

    public static async ValueTask<OutboxMetadata?> ReadMetadataAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        if (!File.Exists(item.MetadataPath))
        {
            return null;
        }

        var stream = File.OpenRead(item.MetadataPath);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, SpoolJsonContext.Default.OutboxMetadata, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Moves an acknowledged message (and its metadata) to <c>sent/&lt;date&gt;/&lt;destination&gt;/</c>.</summary>
    public string MarkSent(OutboxItem item) => MarkSent([item])[0];

    /// <summary>
    /// Moves acknowledged messages (and their metadata), in order, to <c>sent/&lt;date&gt;/&lt;destination&gt;/</c>, with
    /// one flush of each folder for all of them.
    /// </summary>
    /// <returns>Where each message now is, in the same order.</returns>
    public IReadOnlyList<string> MarkSent(IReadOnlyList<OutboxItem> items)
    {
        var targets = new List<string>(items.Count);
        var moves = new List<(string, string)>(items.Count * 2);
        foreach (var item in items)
        {
            var folder = Path.Combine(SentRoot, Today(), SafeName(item.Destination));
            var target = Path.Combine(folder, Path.GetFileName(item.Path));
            if (File.Exists(item.MetadataPath))
            {
                moves.Add((item.MetadataPath, Path.ChangeExtension(target, MetadataExtension)));
            }

            moves.Add((item.Path, target));
            targets.Add(target);
        }

        DurableFile.MoveAll(moves, overwrite: true);
        return targets;
    }

    /// <summary>Moves a message that cannot be delivered into <c>quarantine/&lt;reason&gt;/</c> with its reason files.</summary>
    public async ValueTask<QuarantineEntry> QuarantineMessageAsync(OutboxItem item, QuarantineReason reason, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(QuarantineRoot, SafeName(reason.Reason));
        var name = SafeName(item.Destination) + "__" + Path.GetFileName(item.Path);
        var target = UniquePath(Path.Combine(folder, name));
        Directory.CreateDirectory(folder);
        var withHash = reason with { Sha256 = HashFile(item.Path), ControlId = reason.ControlId ?? item.ControlId, Destination = item.Destination };
        await WriteReasonAsync(target, withHash, cancellationToken).ConfigureAwait(false);
        if (File.Exists(item.MetadataPath))
        {
            DurableFile.Move(item.MetadataPath, Path.ChangeExtension(target, MetadataExtension), overwrite: true);
        }

        DurableFile.Move(item.Path, target);
        return new QuarantineEntry(Path.GetFileName(folder) + "/" + Path.GetFileName(target), reason.Reason, target, reason.QuarantinedAt, reason.Summary, IsMessage: true);
    }

    /// <summary>The path a file would get in <c>quarantine/&lt;reason&gt;/</c> (so the audit entry can be written before the move).</summary>
    public string PlanQuarantine(string reason, string name) => UniquePath(Path.Combine(QuarantineRoot, SafeName(reason), SafeName(name)));

    /// <summary>The path an acquired file would get in <c>processed/</c>.</summary>
    public string PlanProcessed(AcquiredFile file) => UniquePath(Path.Combine(ProcessedRoot, Today(), file.AnalyzerId.Value, Path.GetFileName(file.LocalPath)));

    /// <summary>Moves a file (an acquired export) into <c>quarantine/&lt;reason&gt;/</c> with its reason files.</summary>
    public async ValueTask<QuarantineEntry> QuarantineFileAsync(string path, string namePrefix, QuarantineReason reason, CancellationToken cancellationToken, string? target = null)
    {
        var folder = Path.Combine(QuarantineRoot, SafeName(reason.Reason));
        Directory.CreateDirectory(folder);
        target ??= UniquePath(Path.Combine(folder, SafeName(namePrefix) + "__" + Path.GetFileName(path)));
        await WriteReasonAsync(target, reason with { Sha256 = reason.Sha256 ?? HashFile(path) }, cancellationToken).ConfigureAwait(false);
        DurableFile.Move(path, target);
        return new QuarantineEntry(Path.GetFileName(folder) + "/" + Path.GetFileName(target), reason.Reason, target, reason.QuarantinedAt, reason.Summary, IsMessage: false);
    }

    /// <summary>Writes a content item (for example the rejected rows of a file) straight into quarantine with its reason files.</summary>
    public async ValueTask<QuarantineEntry> QuarantineContentAsync(string name, ReadOnlyMemory<byte> content, QuarantineReason reason, CancellationToken cancellationToken, string? target = null)
    {
        var folder = Path.Combine(QuarantineRoot, SafeName(reason.Reason));
        Directory.CreateDirectory(folder);
        target ??= UniquePath(Path.Combine(folder, SafeName(name)));
        await WriteReasonAsync(target, reason with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span)) }, cancellationToken).ConfigureAwait(false);
        await DurableFile.WriteAsync(target, content, cancellationToken).ConfigureAwait(false);
        return new QuarantineEntry(Path.GetFileName(folder) + "/" + Path.GetFileName(target), reason.Reason, target, reason.QuarantinedAt, reason.Summary, IsMessage: false);
    }

    /// <summary>
    /// Moves a fully processed acquired file to <c>processed/&lt;date&gt;/&lt;analyzer&gt;/</c>, where it is kept for audit
    /// verification. The rename is atomic but its folder entries are flushed later, together with other moves'
    /// (<see cref="FlushProcessedMoves"/>, called when a poll's files are settled and at the latest every
    /// <see cref="MaxUnflushedProcessedMoves"/> moves): a move that a crash undoes leaves the file in <c>acquired/</c>,
    /// where recovery processes it again without queuing any message twice, so waiting for the device here would buy
    /// nothing but two folder flushes per file.
    /// </summary>
    public string MarkProcessed(AcquiredFile file, string? target = null)
    {
        target ??= PlanProcessed(file);
        var destinationFolder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(destinationFolder);
        File.Move(file.LocalPath, target);
        bool flushNow;
        lock (_unflushedGate)
        {
            _unflushedFolders.Add(destinationFolder);
            _unflushedFolders.Add(Path.GetDirectoryName(file.LocalPath)!);
            flushNow = ++_unflushedMoves >= MaxUnflushedProcessedMoves;
        }

        if (flushNow)
        {
            FlushProcessedMoves();
        }

        return target;
    }

    /// <summary>The most moves to <c>processed/</c> left unflushed before <see cref="MarkProcessed"/> flushes them itself.</summary>
    public const int MaxUnflushedProcessedMoves = 64;

    /// <summary>Gets the number of moves to <c>processed/</c> whose folder entries are not yet flushed.</summary>
    public int UnflushedProcessedMoves
    {
        get
        {
            lock (_unflushedGate)
            {
                return _unflushedMoves;
            }
        }
    }

    /// <summary>Flushes the folder entries of every move to <c>processed/</c> made so far (each folder once).</summary>
    public void FlushProcessedMoves()
    {
        string[] folders;
        lock (_unflushedGate)
        {
            if (_unflushedMoves == 0)
            {
                return;
            }

            folders = [.. _unflushedFolders];
            _unflushedFolders.Clear();
            _unflushedMoves = 0;
        }

        foreach (var folder in folders)
        {
            DurableFile.FlushDirectory(folder);
        }
    }

    /// <summary>Lists everything in quarantine, oldest first.</summary>
    public IReadOnlyList<QuarantineEntry> ListQuarantine()
    {
        if (!Directory.Exists(QuarantineRoot))
        {
            return [];
        }

        var entries = new List<QuarantineEntry>();
        foreach (var reasonFile in Directory.EnumerateFiles(QuarantineRoot, "*.reason.json", SearchOption.AllDirectories))
        {
            var item = reasonFile[..^".reason.json".Length];
            if (!File.Exists(item))
            {
                continue;
            }

            var reason = JsonSerializer.Deserialize(File.ReadAllBytes(reasonFile), SpoolJsonContext.Default.QuarantineReason);
            if (reason is null)
            {
                continue;
            }

            var folder = Path.GetFileName(Path.GetDirectoryName(item)!);
            entries.Add(new QuarantineEntry(folder + "/" + Path.GetFileName(item), reason.Reason, item, reason.QuarantinedAt, reason.Summary,
                item.EndsWith(MessageExtension, StringComparison.Ordinal)));
        }

        entries.Sort((a, b) => a.QuarantinedAt.CompareTo(b.QuarantinedAt) is var c && c != 0 ? c : string.CompareOrdinal(a.Id, b.Id));
        return entries;
    }

    /// <summary>
    /// Moves a quarantined message back to the end of its destination's outbox. It keeps its control id (MSH-10),
    /// so the LIMS can recognise a resend.
    /// </summary>
    /// <returns>The requeued item and the reason it had been quarantined for.</returns>
    public async ValueTask<(OutboxItem Item, QuarantineReason Reason)> RequeueAsync(string id, CancellationToken cancellationToken)
    {
        var entry = ListQuarantine().FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.Ordinal))
            ?? throw new KeyNotFoundException($"No quarantined item '{id}'. List them with 'hematology quarantine list'.");
        if (!entry.IsMessage)
        {
            throw new InvalidOperationException($"'{id}' is a file, not a message; fix the source or the profile and re-deliver the file instead.");
        }

        var reason = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(entry.Path + ".reason.json", cancellationToken).ConfigureAwait(false), SpoolJsonContext.Default.QuarantineReason)!;
        var destination = reason.Destination ?? throw new InvalidOperationException($"'{id}' does not name its destination.");
        if (!TryParseOutboxName(StripDestinationPrefix(Path.GetFileName(entry.Path)), out _, out var controlId))
        {
            throw new InvalidOperationException($"'{id}' is not a spool message file.");
        }

        long sequence;
        lock (_gate)
        {
            sequence = _nextSequence++;
            _knownControlIds.Add(Key(SafeName(destination), controlId));
        }

        var folder = OutboxDirectory(destination);
        var target = Path.Combine(folder, OutboxName(sequence, controlId));
        var metadata = Path.ChangeExtension(entry.Path, MetadataExtension);
        if (File.Exists(metadata))
        {
            DurableFile.Move(metadata, Path.ChangeExtension(target, MetadataExtension));
        }

        DurableFile.Move(entry.Path, target);
        File.Delete(entry.Path + ".reason.json");
        File.Delete(entry.Path + ".reason.txt");
        return (new OutboxItem(destination, sequence, controlId, target), reason);
    }

    /// <summary>Turns any text into a safe single path segment.</summary>
    public static string SafeName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        var safe = sb.ToString().TrimStart('.');
        return safe.Length == 0 ? "_" : safe;
    }

    private static string Key(string safeDestination, string controlId) => safeDestination + "/" + controlId;

    private static string OutboxName(long sequence, string controlId) =>
        sequence.ToString("D12", CultureInfo.InvariantCulture) + "-" + SafeName(controlId) + MessageExtension;

    private static bool TryParseOutboxName(string fileName, out long sequence, out string controlId)
    {
        sequence = 0;
        controlId = string.Empty;
        if (!fileName.EndsWith(MessageExtension, StringComparison.Ordinal) || fileName.Length < 14 || fileName[12] != '-')
        {
            return false;
        }

        if (!long.TryParse(fileName.AsSpan(0, 12), NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }

        controlId = fileName[13..^MessageExtension.Length];
        return controlId.Length > 0;
    }

    private static string StripDestinationPrefix(string fileName)
    {
        var marker = fileName.IndexOf("__", StringComparison.Ordinal);
        return marker >= 0 ? fileName[(marker + 2)..] : fileName;
    }

    private static string UniquePath(string path)
    {
        if (!File.Exists(path))
        {
            return path;
        }

        var folder = Path.GetDirectoryName(path)!;
        var name = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path);
        for (var i = 2; ; i++)
        {
            var candidate = Path.Combine(folder, $"{name}.{i}{extension}");
            if (!File.Exists(candidate))
            {
                return candidate;
            }
        }
    }

    private static string? HashFile(string path) =>
        File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) : null;

    private static async ValueTask WriteReasonAsync(string itemPath, QuarantineReason reason, CancellationToken cancellationToken)
    {
        await DurableFile.WriteAsync(itemPath + ".reason.json", JsonSerializer.SerializeToUtf8Bytes(reason, SpoolJsonContext.Default.QuarantineReason), cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder()
            .Append("Quarantined: ").AppendLine(reason.QuarantinedAt.ToString("O", CultureInfo.InvariantCulture))
            .Append("Reason: ").Append(reason.Reason).Append(" (").Append(reason.Code).AppendLine(")")
            .AppendLine(reason.Summary);
        foreach (var detail in reason.Details)
        {
            text.Append("  - ").AppendLine(detail);
        }

        await DurableFile.WriteAsync(itemPath + ".reason.txt", Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
    }

    private string Today() => _timeProvider.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
