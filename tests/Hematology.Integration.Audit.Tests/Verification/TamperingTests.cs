using Hematology.Integration.Testing;

namespace Hematology.Integration.Audit.Tests.Verification;

/// <summary>Each kind of tampering with a JSON Lines trail is named, at the right entry.</summary>
public sealed class TamperingTests : IDisposable
{
    private const int Count = 20;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task VerifyAsync_UntouchedTrail_IsValid()
    {
        var entries = await Events.WriteJsonTrailAsync(_folder.Path, Count);

        var report = await Events.VerifyJsonAsync(_folder.Path);

        Assert.True(report.IsValid);
        Assert.Null(report.ChainBreak);
        Assert.Equal(Count, report.LastSequence);
        Assert.Equal(entries[^1].Hash, report.LastHash);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(Count)]
    public async Task VerifyAsync_EntryEdited_ReportsEditedAtThatEntry(int sequence)
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines => lines[sequence - 1] = lines[sequence - 1].Replace("\"results\":\"21\"", "\"results\":\"22\"", StringComparison.Ordinal));

        var report = await Events.VerifyJsonAsync(_folder.Path);

        AssertBreak(report, AuditBreakKind.Edited, sequence);
        Assert.Equal($"audit-2026-11-22.jsonl line {sequence}", report.ChainBreak!.Location);
        Assert.Equal(sequence - 1, report.EntriesVerified);
    }

    [Fact]
    public async Task VerifyAsync_EntryEditedAndRehashed_ReportsEditedAtThatEntry()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines => lines[6] = Events.Rehash(lines[6].Replace("C000007", "C000999", StringComparison.Ordinal)));

        var report = await Events.VerifyJsonAsync(_folder.Path);

        AssertBreak(report, AuditBreakKind.Edited, 7);
        Assert.Contains("re-hashed", report.ChainBreak!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_EntryRemoved_ReportsRemovedAtTheMissingEntry()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines => lines.RemoveAt(9));

        var report = await Events.VerifyJsonAsync(_folder.Path);

        AssertBreak(report, AuditBreakKind.Removed, 10);
        Assert.Contains("Entry 10 is missing", report.ChainBreak!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_SeveralEntriesRemoved_NamesTheRange()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines => lines.RemoveRange(4, 3));

        var report = await Events.VerifyJsonAsync(_folder.Path);

        AssertBreak(report, AuditBreakKind.Removed, 5);
        Assert.Contains("Entries 5 to 7 are missing", report.ChainBreak!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_FirstEntriesRemoved_ReportsRemovedAtOne()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines => lines.RemoveRange(0, 2));

        AssertBreak(await Events.VerifyJsonAsync(_folder.Path), AuditBreakKind.Removed, 1);
    }

    [Fact]
    public async Task VerifyAsync_TwoEntriesSwapped_ReportsReorderedAtTheFirst()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines => (lines[11], lines[12]) = (lines[12], lines[11]));

        AssertBreak(await Events.VerifyJsonAsync(_folder.Path), AuditBreakKind.Reordered, 12);
    }

    [Fact]
    public async Task VerifyAsync_EntryMovedLater_ReportsReordered()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines =>
        {
            var moved = lines[3];
            lines.RemoveAt(3);
            lines.Insert(10, moved);
        });

        AssertBreak(await Events.VerifyJsonAsync(_folder.Path), AuditBreakKind.Reordered, 4);
    }

    [Fact]
    public async Task VerifyAsync_DuplicatedLine_ReportsInserted()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines => lines.Insert(5, lines[4]));

        var report = await Events.VerifyJsonAsync(_folder.Path);

        AssertBreak(report, AuditBreakKind.Inserted, 6);
        Assert.Equal("audit-2026-11-22.jsonl line 6", report.ChainBreak!.Location);
    }

    [Fact]
    public async Task VerifyAsync_ForgedEntryWithConsistentHashInserted_ReportsInsertedAtTheForgery()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);

        // A forger copies entry 8's position (same seq and prev) with other content and a correct hash.
        await EditLinesAsync(lines => lines.Insert(7, Events.Rehash(lines[7].Replace("C000008", "FORGED1", StringComparison.Ordinal))));

        var report = await Events.VerifyJsonAsync(_folder.Path);

        AssertBreak(report, AuditBreakKind.Inserted, 8);
        Assert.Equal("audit-2026-11-22.jsonl line 8", report.ChainBreak!.Location);
    }

    [Fact]
    public async Task VerifyAsync_JunkLineInserted_ReportsInserted()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines => lines.Insert(2, "{\"note\":\"added by hand\"}"));

        AssertBreak(await Events.VerifyJsonAsync(_folder.Path), AuditBreakKind.Inserted, 3);
    }

    [Fact]
    public async Task VerifyAsync_EntryReplacedByJunk_ReportsMalformed()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines => lines[2] = "this line was overwritten");

        AssertBreak(await Events.VerifyJsonAsync(_folder.Path), AuditBreakKind.Malformed, 3);
    }

    [Fact]
    public async Task VerifyAsync_LastEntriesCutOff_ReportsTruncatedFromTheHeadMarker()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines => lines.RemoveRange(15, 5));

        var report = await Events.VerifyJsonAsync(_folder.Path);

        AssertBreak(report, AuditBreakKind.Truncated, 16);
        Assert.Equal(15, report.EntriesVerified);
    }

    [Fact]
    public async Task VerifyAsync_TailCutAndHeadMarkerDeleted_ReportsTruncatedFromTheAnchor()
    {
        var entries = await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines => lines.RemoveRange(15, 5));
        File.Delete(_folder.Combine("audit.head"));

        var withoutAnchor = await Events.VerifyJsonAsync(_folder.Path);
        var withAnchor = await Events.VerifyJsonAsync(_folder.Path, new AuditVerifierOptions { VerifyArtifacts = false, Anchor = new AuditAnchor(Count, entries[^1].Hash) });

        Assert.True(withoutAnchor.IsValid);
        AssertBreak(withAnchor, AuditBreakKind.Truncated, 16);
    }

    [Fact]
    public async Task VerifyAsync_WholeTrailRewrittenFromAnEntry_ReportsEditedAtTheAnchor()
    {
        var entries = await Events.WriteJsonTrailAsync(_folder.Path, Count);
        var anchor = new AuditAnchor(12, entries[11].Hash);

        // Rewrite entry 10 and re-chain everything after it, head marker included: only an outside anchor shows it.
        await EditLinesAsync(lines =>
        {
            var previous = entries[8].Hash;
            for (var i = 9; i < lines.Count; i++)
            {
                var line = lines[i];
                var prevStart = line.IndexOf("\"prev\":\"", StringComparison.Ordinal) + 8;
                line = line[..prevStart] + previous + line[(prevStart + 64)..];
                if (i == 9)
                {
                    line = line.Replace("C000010", "C000999", StringComparison.Ordinal);
                }

                lines[i] = Events.Rehash(line);
                previous = lines[i][^66..^2];
            }

            File.WriteAllText(_folder.Combine("audit.head"), $"seq={Count:D20} hash={previous}\n");
        });

        var report = await Events.VerifyJsonAsync(_folder.Path, new AuditVerifierOptions { VerifyArtifacts = false, Anchor = anchor });

        AssertBreak(report, AuditBreakKind.Edited, 12);
    }

    [Fact]
    public async Task VerifyAsync_HeadMarkerDamaged_ReportsAHeadProblemAndTheWriterRefusesToOpen()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, 3);
        await File.WriteAllTextAsync(_folder.Combine("audit.head"), "garbage");

        var report = await Events.VerifyJsonAsync(_folder.Path);

        Assert.False(report.IsValid);
        Assert.Null(report.ChainBreak);
        Assert.NotNull(report.HeadProblem);
        await Assert.ThrowsAsync<AuditTrailException>(async () => await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path)));
    }

    [Fact]
    public async Task VerifyAsync_MiddleDailyFileDeleted_ReportsRemoved()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, 6, new FakeTimeProvider(Events.Start), TimeSpan.FromHours(12));
        var files = Directory.GetFiles(_folder.Path, "audit-*.jsonl").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, files.Count);
        File.Delete(files[1]);

        AssertBreak(await Events.VerifyJsonAsync(_folder.Path), AuditBreakKind.Removed, 3);
    }

    [Fact]
    public async Task VerifyAsync_LastDailyFileDeleted_ReportsTruncated()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, 6, new FakeTimeProvider(Events.Start), TimeSpan.FromHours(12));
        File.Delete(Directory.GetFiles(_folder.Path, "audit-*.jsonl").Order(StringComparer.Ordinal).Last());

        AssertBreak(await Events.VerifyJsonAsync(_folder.Path), AuditBreakKind.Truncated, 5);
    }

    [Fact]
    public async Task ToAuditEvent_BrokenTrail_CarriesTheBreak()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, Count);
        await EditLinesAsync(lines => lines.RemoveAt(3));
        var report = await Events.VerifyJsonAsync(_folder.Path);

        var e = report.ToAuditEvent("auditor");

        Assert.Equal(AuditEventTypes.AuditVerified, e.Type);
        Assert.Equal("invalid", e.Disposition);
        Assert.Equal("Removed", e.Details!["breakKind"]);
        Assert.Equal("4", e.Details["breakSequence"]);
        Assert.Equal("auditor", e.Operator);
    }

    private static void AssertBreak(AuditVerificationReport report, AuditBreakKind kind, long sequence)
    {
        Assert.False(report.IsValid);
        Assert.NotNull(report.ChainBreak);
        Assert.True(report.ChainBreak.Kind == kind && report.ChainBreak.Sequence == sequence, $"Expected {kind} at {sequence}, got {report.ChainBreak.Kind} at {report.ChainBreak.Sequence}: {report.ChainBreak.Message}");
    }

    private async Task EditLinesAsync(Action<List<string>> edit)
    {
        var file = Events.SingleDayFile(_folder.Path);
        var lines = (await File.ReadAllLinesAsync(file)).ToList();
        edit(lines);
        await File.WriteAllTextAsync(file, string.Concat(lines.Select(l => l + "\n")));
    }
}
