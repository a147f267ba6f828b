using System.Security.Cryptography;

namespace Hematology.Integration.Audit.Verification;

/// <summary>
/// Walks the trail in store order, expecting sequence 1, 2, 3… each linked to the previous hash. At the first record
/// that does not fit it looks a few records ahead to tell an edit from a removal, a reordering or an insertion, and
/// stops. Then it compares the end with the head marker and the anchor (truncation) and re-hashes retained copies.
/// </summary>
internal sealed class AuditVerifier : IAuditVerifier
{
    private const int LookAhead = 256;
    private readonly AuditVerifierOptions _options;
    private readonly TimeProvider _timeProvider;

    public AuditVerifier(AuditVerifierOptions? options, TimeProvider? timeProvider)
    {
        _options = options ?? new AuditVerifierOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async ValueTask<AuditVerificationReport> VerifyAsync(IAuditTrailReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var started = _timeProvider.GetTimestamp();
        AuditAnchor? head = null;
        string? headProblem = null;
        try
        {
            head = await reader.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            headProblem = ex.Message;
        }

        var anchors = new List<(AuditAnchor Anchor, string Source)>();
        if (head is { Sequence: > 0 })
        {
            anchors.Add((head, "the head marker"));
        }

        if (_options.Anchor is { } anchor)
        {
            anchors.Add((anchor, "the anchor"));
        }

        var artifacts = new Dictionary<string, (long Sequence, string? Sha256)>(StringComparer.Ordinal);
        long expected = 1;
        var expectedPrevious = AuditEntry.GenesisHash;
        AuditRecord? previous = null;
        long verified = 0;
        var tornTail = false;
        AuditChainBreak? chainBreak = null;

        var enumerator = reader.ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                var record = enumerator.Current;
                if (record.IsTornTail)
                {
                    tornTail = true;
                    continue;
                }

                if (Fits(record, expected, expectedPrevious))
                {
                    var entry = record.Entry!;
                    foreach (var (a, source) in anchors)
                    {
                        if (a.Sequence == entry.Sequence && !string.Equals(a.Hash, entry.Hash, StringComparison.Ordinal))
                        {
                            chainBreak = new AuditChainBreak(AuditBreakKind.Edited, entry.Sequence, record.Location,
                                $"Entry {entry.Sequence} hashes to {entry.Hash} but {source} recorded {a.Hash}: the trail was rewritten from this entry on.");
                        }
                    }

                    if (chainBreak is not null)
                    {
                        break;
                    }

                    Track(artifacts, entry);
                    verified++;
                    previous = record;
                    expected++;
                    expectedPrevious = entry.Hash;
                    continue;
                }

                var ahead = new List<AuditRecord>();
                while (ahead.Count < LookAhead && await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    if (!enumerator.Current.IsTornTail)
                    {
                        ahead.Add(enumerator.Current);
                    }
                }

                chainBreak = Classify(record, ahead, expected, expectedPrevious, previous);
                break;
            }
        }

        var lastSequence = expected - 1;
        if (chainBreak is null)
        {
            foreach (var (a, source) in anchors)
            {
                if (a.Sequence > lastSequence)
                {
                    chainBreak = new AuditChainBreak(AuditBreakKind.Truncated, lastSequence + 1, previous?.Location ?? "(empty trail)",
                        $"The trail ends at entry {lastSequence} but {source} records entry {a.Sequence}: entries {lastSequence + 1} to {a.Sequence} were removed from the end.");
                    break;
                }
            }
        }

        var problems = new List<AuditArtifactProblem>();
        var checkedCount = 0;
        if (_options.VerifyArtifacts)
        {
            foreach (var (path, (sequence, sha)) in artifacts.OrderBy(a => a.Value.Sequence))
            {
                cancellationToken.ThrowIfCancellationRequested();
                checkedCount++;
                var full = Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(_options.ArtifactRoot ?? Directory.GetCurrentDirectory(), path));
                if (!File.Exists(full))
                {
                    problems.Add(new AuditArtifactProblem(AuditArtifactProblemKind.Missing, sequence, full, sha, null));
                    continue;
                }

                if (sha is null)
                {
                    continue;
                }

                var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16, useAsync: true);
                await using (stream.ConfigureAwait(false))
                {
                    var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
                    if (!string.Equals(actual, sha, StringComparison.Ordinal))
                    {
                        problems.Add(new AuditArtifactProblem(AuditArtifactProblemKind.HashMismatch, sequence, full, sha, actual));
                    }
                }
            }
        }

        return new AuditVerificationReport
        {
            EntriesVerified = verified,
            LastSequence = lastSequence,
            LastHash = expectedPrevious,
            ChainBreak = chainBreak,
            HasTornTail = tornTail,
            HeadProblem = headProblem,
            ArtifactsChecked = checkedCount,
            ArtifactProblems = problems,
            VerifiedAt = _timeProvider.GetUtcNow(),
            Elapsed = _timeProvider.GetElapsedTime(started),
        };
    }

    private static bool Fits(AuditRecord? record, long sequence, string previousHash) =>
        record is { Entry: { } entry, HashMatchesContent: true } &&
        entry.Sequence == sequence &&
        string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal);

    private static void Track(Dictionary<string, (long, string?)> artifacts, AuditEntry entry)
    {
        if (entry.Event.ArtifactPath is not { Length: > 0 } path)
        {
            return;
        }

        if (entry.Event.Type is AuditEventTypes.ArtifactPurged or AuditEventTypes.MessageRequeued or AuditEventTypes.FileRequeued)
        {
            artifacts.Remove(path);
            return;
        }

        artifacts[path] = (entry.Sequence, entry.Event.ArtifactSha256?.Hex);
    }

    /// <summary>Names the first break, given the misfit record, what follows it and the last intact record.</summary>
    internal static AuditChainBreak Classify(AuditRecord record, IReadOnlyList<AuditRecord> ahead, long expected, string expectedPrevious, AuditRecord? previous)
    {
        var next = ahead.Count > 0 ? ahead[0] : null;
        var entry = record.Entry;

        // The chain resumes right after this record: the record is an extra one.
        if (Fits(next, expected, expectedPrevious))
        {
            // An intact entry whose predecessor comes later was moved here (a swap), not inserted.
            if (entry is not null && record.HashMatchesContent && entry.Sequence > expected &&
                ahead.Any(r => string.Equals(r.Entry?.Hash, entry.PreviousHash, StringComparison.Ordinal)))
            {
                return new AuditChainBreak(AuditBreakKind.Reordered, expected, record.Location,
                    $"Entry {entry.Sequence} stands where entry {expected} was expected, and entry {expected} comes right after it: entries were reordered.");
            }

            var what = entry is not null && previous?.Entry is { } p && entry.Sequence == p.Sequence && string.Equals(entry.Hash, p.Hash, StringComparison.Ordinal)
                ? $"a second copy of entry {entry.Sequence}"
                : entry is null ? "an unreadable record" : $"a record claiming sequence {entry.Sequence}";
            return new AuditChainBreak(AuditBreakKind.Inserted, expected, record.Location, $"{Capitalize(what)} was inserted before entry {expected}; the chain continues after it.");
        }

        if (entry is null)
        {
            return new AuditChainBreak(AuditBreakKind.Malformed, expected, record.Location, $"The record where entry {expected} was expected cannot be read: {record.Problem}.");
        }

        if (!record.HashMatchesContent)
        {
            return new AuditChainBreak(AuditBreakKind.Edited, expected, record.Location,
                entry.Sequence == expected
                    ? $"Entry {expected}'s content does not match its hash: the entry was edited."
                    : $"The record where entry {expected} was expected says sequence {entry.Sequence} and its content does not match its hash: the entry was edited.");
        }

        if (entry.Sequence == expected)
        {
            // Intact in itself, but it links to a different predecessor: the previous entry was changed and re-hashed
            // (or this entry's link was rewritten).
            if (previous is null)
            {
                return new AuditChainBreak(AuditBreakKind.Edited, expected, record.Location, $"Entry {expected} does not link to the start of the trail: it was edited and re-hashed.");
            }

            return new AuditChainBreak(AuditBreakKind.Edited, expected - 1, previous.Location,
                $"Entry {expected} links to a previous hash of {Short(entry.PreviousHash)} but entry {expected - 1} hashes to {Short(expectedPrevious)}: entry {expected - 1} was edited and re-hashed.");
        }

        if (entry.Sequence > expected)
        {
            if (ahead.Any(r => r.Entry?.Sequence == expected))
            {
                return new AuditChainBreak(AuditBreakKind.Reordered, expected, record.Location,
                    $"Entry {entry.Sequence} stands where entry {expected} was expected, and entry {expected} comes later: entries were reordered.");
            }

            var last = entry.Sequence - 1;
            return new AuditChainBreak(AuditBreakKind.Removed, expected, record.Location,
                last == expected
                    ? $"Entry {expected} is missing: the trail goes from entry {expected - 1} to entry {entry.Sequence}."
                    : $"Entries {expected} to {last} are missing: the trail goes from entry {expected - 1} to entry {entry.Sequence}.");
        }

        // entry.Sequence < expected: either a second entry claims an earlier position, or entries are out of order.
        if (previous?.Entry is { } before && entry.Sequence == before.Sequence && string.Equals(entry.PreviousHash, before.PreviousHash, StringComparison.Ordinal))
        {
            var inserted = string.Equals(next?.Entry?.PreviousHash, entry.Hash, StringComparison.Ordinal) ? previous : record;
            return new AuditChainBreak(AuditBreakKind.Inserted, entry.Sequence, inserted.Location,
                $"Two entries claim sequence {entry.Sequence} with the same predecessor; the one at {inserted.Location} is not part of the chain and was inserted.");
        }

        return new AuditChainBreak(AuditBreakKind.Reordered, expected, record.Location,
            $"Entry {entry.Sequence} appears where entry {expected} was expected, after entry {expected - 1}: entries were reordered.");
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
