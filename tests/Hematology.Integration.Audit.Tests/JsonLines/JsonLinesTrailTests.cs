using Hematology.Integration.Testing;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Audit.Tests.JsonLines;

public sealed class JsonLinesTrailTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AppendAsync_SeveralEvents_ChainsThemFromGenesis()
    {
        var entries = await Events.WriteJsonTrailAsync(_folder.Path, 3);

        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Sequence));
        Assert.Equal(AuditEntry.GenesisHash, entries[0].PreviousHash);
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.Equal(entries[1].Hash, entries[2].PreviousHash);
        Assert.Equal(3, File.ReadAllLines(Events.SingleDayFile(_folder.Path)).Length);
        var report = await Events.VerifyJsonAsync(_folder.Path);
        Assert.True(report.IsValid);
        Assert.Equal(3, report.EntriesVerified);
        Assert.Equal(entries[2].Hash, report.LastHash);
    }

    [Fact]
    public async Task AppendAsync_AcrossMidnight_ContinuesTheChainInTheNextDailyFile()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 23, 58, 0, TimeSpan.Zero));

        var entries = await Events.WriteJsonTrailAsync(_folder.Path, 4, clock);

        var files = Directory.GetFiles(_folder.Path, "audit-*.jsonl").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["audit-2026-11-22.jsonl", "audit-2026-11-23.jsonl"], files);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_folder.Path, "audit-2026-11-23.jsonl")).Length);
        Assert.Equal(entries[1].Hash, entries[2].PreviousHash);
        Assert.True((await Events.VerifyJsonAsync(_folder.Path)).IsValid);
    }

    [Fact]
    public async Task OpenJsonLinesAsync_ExistingTrail_ContinuesTheSequenceAndChain()
    {
        var first = await Events.WriteJsonTrailAsync(_folder.Path, 2);

        var second = await Events.WriteJsonTrailAsync(_folder.Path, 2, new FakeTimeProvider(Events.Start.AddHours(1)));

        Assert.Equal(3, second[0].Sequence);
        Assert.Equal(first[^1].Hash, second[0].PreviousHash);
        Assert.True((await Events.VerifyJsonAsync(_folder.Path)).IsValid);
    }

    [Fact]
    public async Task AppendAsync_EightConcurrentWriters_KeepOneValidChain()
    {
        const int writers = 8;
        const int perWriter = 250;
        await using (var trail = await AuditTrail.OpenJsonLinesAsync(new JsonLinesAuditOptions { Directory = _folder.Path, FlushToDisk = true }))
        {
            var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var sequences = new List<long>();
                for (var i = 0; i < perWriter; i++)
                {
                    sequences.Add((await trail.AppendAsync(Events.Numbered((w * perWriter) + i))).Sequence);
                }

                return sequences;
            }));
            var all = (await Task.WhenAll(tasks)).SelectMany(s => s).Order().ToList();

            Assert.Equal(Enumerable.Range(1, writers * perWriter).Select(i => (long)i), all);
        }

        var report = await Events.VerifyJsonAsync(_folder.Path);
        Assert.True(report.IsValid, report.ChainBreak?.Message);
        Assert.Equal(writers * perWriter, report.EntriesVerified);
        var controlIds = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var record in AuditTrail.ReadJsonLines(_folder.Path).ReadAsync())
        {
            controlIds.Add(record.Entry!.Event.ControlId!);
        }

        Assert.Equal(writers * perWriter, controlIds.Count);
    }

    [Fact]
    public async Task AppendAsync_ManyWaitingAppends_AreCommittedInBatchesSharingOneTimestamp()
    {
        var clock = new FakeTimeProvider(Events.Start);
        await using var trail = await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path), timeProvider: clock);

        var entries = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => trail.AppendAsync(Events.Numbered(i)).AsTask()));

        Assert.Equal(200, entries.Select(e => e.Sequence).Distinct().Count());
        Assert.All(entries, e => Assert.Equal(Events.Start, e.Timestamp));
    }

    [Fact]
    public async Task OpenJsonLinesAsync_TornLastLine_CutsItOffKeepsCommittedEntriesAndRecordsTheRepair()
    {
        var entries = await Events.WriteJsonTrailAsync(_folder.Path, 5);
        var file = Events.SingleDayFile(_folder.Path);
        var committedLength = new FileInfo(file).Length;
        await File.AppendAllTextAsync(file, "{\"seq\":6,\"ts\":\"2026-11-22T06:05:00.0000000+00:00\",\"prev\":\"" + entries[^1].Hash[..20]);

        var torn = await Events.VerifyJsonAsync(_folder.Path);
        Assert.True(torn.IsValid);
        Assert.True(torn.HasTornTail);

        var clock = new FakeTimeProvider(Events.Start.AddMinutes(10));
        await using (var trail = await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path), timeProvider: clock))
        {
            var next = await trail.AppendAsync(Events.Numbered(6));
            Assert.Equal(7, next.Sequence);
        }

        var records = await ReadAllAsync();
        Assert.Equal(7, records.Count);
        Assert.Equal(entries.Select(e => e.Hash), records.Take(5).Select(r => r.Entry!.Hash));
        var repair = records[5].Entry!;
        Assert.Equal(AuditEventTypes.AuditTailRepaired, repair.Event.Type);
        Assert.Equal(committedLength.ToString(System.Globalization.CultureInfo.InvariantCulture), repair.Event.Details!["offset"]);
        Assert.Single(Directory.GetFiles(_folder.Path, "*.torn-*"));
        var report = await Events.VerifyJsonAsync(_folder.Path);
        Assert.True(report.IsValid);
        Assert.False(report.HasTornTail);
    }

    [Fact]
    public async Task OpenJsonLinesAsync_CrashMidBatch_KeepsTheBatchesCompleteLinesAndCutsOnlyTheTornOne()
    {
        var committed = await Events.WriteJsonTrailAsync(_folder.Path, 5);
        var file = Events.SingleDayFile(_folder.Path);

        // The interrupted batch: entry 6 reached the file whole, entry 7 only partly; neither was acknowledged.
        using var other = new TempFolder();
        await Events.WriteJsonTrailAsync(other.Path, 7);
        var batch = await File.ReadAllLinesAsync(Events.SingleDayFile(other.Path));
        await File.AppendAllTextAsync(file, batch[5] + "\n" + batch[6][..(batch[6].Length / 2)]);

        await using (var trail = await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path), timeProvider: new FakeTimeProvider(Events.Start.AddHours(1))))
        {
            Assert.Equal(8, (await trail.AppendAsync(Events.Numbered(8))).Sequence);
        }

        var records = await ReadAllAsync();
        Assert.Equal(committed.Select(e => e.Hash), records.Take(5).Select(r => r.Entry!.Hash));
        Assert.Equal("C000006", records[5].Entry!.Event.ControlId);
        Assert.Equal(AuditEventTypes.AuditTailRepaired, records[6].Entry!.Event.Type);
        Assert.Equal(8, records.Count);
        var report = await Events.VerifyJsonAsync(_folder.Path);
        Assert.True(report.IsValid, report.ChainBreak?.Message);
        Assert.Equal(8, report.EntriesVerified);
    }

    [Fact]
    public async Task OpenJsonLinesAsync_SecondOpenInSameProcess_IsRefusedWhileTheFirstIsOpen()
    {
        await using var first = await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path));

        var error = await Assert.ThrowsAsync<AuditTrailException>(async () => await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path)));

        Assert.Contains("audit.lock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenJsonLinesAsync_AfterTheFirstIsDisposed_Succeeds()
    {
        await (await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path))).DisposeAsync();

        await using var second = await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path));

        Assert.Equal(1, (await second.AppendAsync(Events.Numbered(1))).Sequence);
    }

    [Fact]
    public async Task OpenJsonLinesAsync_LockHeldByAnotherProcess_IsRefused()
    {
        PeerTools.RequireExecutable(PeerTools.Python, "python3");
        var lockPath = _folder.Combine("audit.lock");
        const string Script = "import fcntl,sys,time\nf=open(sys.argv[1],'a')\nfcntl.flock(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\nprint('locked',flush=True)\nsys.stdin.readline()\n";
        var start = PeerTools.StartInfo(PeerTools.Python, ["-c", Script, lockPath]);
        start.RedirectStandardInput = true;
        using var holder = System.Diagnostics.Process.Start(start)!;
        try
        {
            Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));

            await Assert.ThrowsAsync<AuditTrailException>(async () => await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path)));
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task OpenJsonLinesAsync_WhileOpen_AnotherProcessCannotTakeTheLock()
    {
        PeerTools.RequireExecutable(PeerTools.Python, "python3");
        await using var trail = await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path));
        const string Script = "import fcntl,sys\nf=open(sys.argv[1],'a')\ntry:\n  fcntl.flock(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\n  print('acquired')\nexcept BlockingIOError:\n  print('refused')\n";

        var result = await PeerTools.RunAsync(PeerTools.Python, ["-c", Script, _folder.Combine("audit.lock")], timeout: TimeSpan.FromSeconds(20));

        Assert.Equal("refused", result.StandardOutput.Trim());
    }

    [Fact]
    public async Task OpenJsonLinesAsync_LinesRemovedFromTheEndWhileClosed_IsRefused()
    {
        await Events.WriteJsonTrailAsync(_folder.Path, 5);
        var file = Events.SingleDayFile(_folder.Path);
        await File.WriteAllLinesAsync(file, (await File.ReadAllLinesAsync(file)).Take(3));

        var error = await Assert.ThrowsAsync<AuditTrailException>(async () => await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path)));

        Assert.Contains("entry 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("entry 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_ForbiddenDetail_ThrowsAndWritesNothing()
    {
        await using var trail = await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path));
        var e = new AuditEvent { Type = "file.validated", Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["patient_id"] = "P1" } };

        await Assert.ThrowsAsync<ArgumentException>(async () => await trail.AppendAsync(e));

        Assert.Empty(await ReadAllAsync());
    }

    [Fact]
    public async Task AppendAsync_AfterDispose_Throws()
    {
        var trail = await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path));
        await trail.DisposeAsync();

        await Assert.ThrowsAsync<AuditTrailException>(async () => await trail.AppendAsync(Events.Numbered(1)));
    }

    [Fact]
    public async Task ReadHeadAsync_AfterAppends_NamesTheLastEntry()
    {
        var entries = await Events.WriteJsonTrailAsync(_folder.Path, 3);

        var head = await AuditTrail.ReadJsonLines(_folder.Path).ReadHeadAsync();

        Assert.Equal(new AuditAnchor(3, entries[^1].Hash), head);
    }

    private async Task<List<AuditRecord>> ReadAllAsync()
    {
        var records = new List<AuditRecord>();
        await foreach (var record in AuditTrail.ReadJsonLines(_folder.Path).ReadAsync())
        {
            records.Add(record);
        }

        return records;
    }
}
