using System.Security.Cryptography;
using System.Text;
using Hematology.Integration.Testing;
using Hematology.Integration.Testing.Peers;
using Hematology.Integration.Acquisition.Tests.Ftp;

namespace Hematology.Integration.Acquisition.Tests.Polling;

/// <summary>Whole acquisitions (list, stabilise, claim, download, verify, hand over, remove) from real FTP servers.</summary>
public sealed class FtpAcquisitionTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Poll_WriterAppendingSlowly_FileTakenOnlyOnceCompleteAndUnchanged()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd);
        var local = peer.WriteFile("export/run1.csv", "Patient_ID,Test_Code\n");
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new FtpFileSource(FtpTestClients.Options(peer, "/export"));
        poller.Add(source);

        Assert.Equal(0, await poller.PollOnceAsync(source));
        time.Advance(Window);
        await File.AppendAllTextAsync(local, "P1,WBC\n");
        Assert.Equal(0, await poller.PollOnceAsync(source)); // changed: the window starts again
        time.Advance(TimeSpan.FromSeconds(3));
        await File.AppendAllTextAsync(local, "P1,RBC\n");
        Assert.Equal(0, await poller.PollOnceAsync(source)); // changed again
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, await poller.PollOnceAsync(source)); // unchanged twice, but only 3 s apart
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, await poller.PollOnceAsync(source));

        var file = Assert.Single(collector.Files);
        Assert.Equal("Patient_ID,Test_Code\nP1,WBC\nP1,RBC\n", await File.ReadAllTextAsync(file.LocalPath));
        Assert.False(File.Exists(local));
        Assert.Empty(Directory.GetFiles(peer.LocalPath("export/processing")));
        Assert.Empty(Directory.GetFiles(Path.Combine(collector.Spool, "incoming")));
        Assert.Single(collector.Removed);
    }

    [Fact]
    public async Task Poll_TlsWithReuseRequired_AcquiresNonAsciiNamesInOrderWithHashesAndArchivesWithoutOverwriting()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd, new FtpPeerOptions { Tls = true });
        peer.WriteFile("export/résultat_µl.csv", "r\u00e9sultat\n");
        peer.WriteFile("export/b.csv", "b-new\n");
        peer.WriteFile("export/archive/b.csv", "b-old\n");
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new FtpFileSource(FtpTestClients.Options(peer, "/export", o => o.AfterDownload = AfterDownloadAction.Archive));
        poller.Add(source);

        await poller.PollOnceAsync(source);
        time.Advance(Window);
        var acquired = await poller.PollOnceAsync(source);

        Assert.Equal(2, acquired);
        Assert.Equal(["b.csv", "résultat_µl.csv"], collector.Files.Select(f => f.SourceName));
        Assert.Equal([1L, 2L], collector.Files.Select(f => f.Sequence));
        foreach (var file in collector.Files)
        {
            var bytes = await File.ReadAllBytesAsync(file.LocalPath);
            Assert.Equal(Sha256Digest.Compute(bytes), file.Sha256);
            Assert.Equal(bytes.Length, file.Length);
            Assert.StartsWith(Path.Combine(collector.Spool, "acquired", "xn-test"), file.LocalPath, StringComparison.Ordinal);
            Assert.Equal(source.Location, file.SourceLocation);
        }

        Assert.Equal("b-old\n", await File.ReadAllTextAsync(peer.LocalPath("export/archive/b.csv")));
        Assert.Equal("b-new\n", await File.ReadAllTextAsync(peer.LocalPath("export/archive/b~1.csv")));
        Assert.True(File.Exists(peer.LocalPath("export/archive/résultat_µl.csv")));
        Assert.Contains(collector.Removed, r => r.ArchivedAs == "archive/b~1.csv");
    }

    [Fact]
    public async Task Poll_EmptyFile_IsNeverTaken()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.PureFtpd);
        peer.WriteFile("empty.csv", []);
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new FtpFileSource(FtpTestClients.Options(peer));
        poller.Add(source);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, await poller.PollOnceAsync(source));
            time.Advance(Window);
        }

        Assert.Empty(collector.Files);
        Assert.True(File.Exists(peer.LocalPath("empty.csv")));
    }

    [Fact]
    public async Task Poll_FileGrowsDuringDownload_CopyDiscardedAndFileReleasedForLater()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { WriteLimitBytesPerSecond = 4000 });
        var content = string.Concat(Enumerable.Repeat("P1,WBC,7.2\n", 800)); // 8,800 bytes: about two seconds
        peer.WriteFile("export/run1.csv", content);
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new FtpFileSource(FtpTestClients.Options(peer, "/export"));
        poller.Add(source);
        await poller.PollOnceAsync(source);
        time.Advance(Window);

        var poll = poller.PollOnceAsync(source);
        var claimed = peer.LocalPath("export/processing/run1.csv");
        while (!File.Exists(claimed) && !poll.IsCompleted)
        {
            await Task.Delay(20);
        }

        await File.AppendAllTextAsync(claimed, "P2,WBC,5.0\n");
        var acquired = await poll;

        Assert.Equal(0, acquired);
        Assert.Empty(collector.Files);
        Assert.Equal(content + "P2,WBC,5.0\n", await File.ReadAllTextAsync(peer.LocalPath("export/run1.csv")));
        Assert.Empty(Directory.GetFiles(Path.Combine(collector.Spool, "incoming")));
    }

    [Theory]
    [InlineData(false)] // MLSD: the listing's times are exact
    [InlineData(true)]  // LIST only (minutes, local): with PipelineCommands, MDTM at the claim and after the transfer
    public async Task Poll_FileReplacedDuringDownloadBySameSizeNewerFile_CopyDiscardedAndNewVersionTakenLater(bool listOnlyWithPipelining)
    {
        var peerOptions = new FtpPeerOptions { WriteLimitBytesPerSecond = 4000, DisabledCommands = listOnlyWithPipelining ? ["MLSD", "MLST"] : [] };
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, peerOptions);
        var original = string.Concat(Enumerable.Repeat("P1,WBC,7.2\n", 800)); // 8,800 bytes: about two seconds
        var replacement = string.Concat(Enumerable.Repeat("P9,RBC,4.1\n", 800)); // same size, other content
        var listed = peer.WriteFile("export/run1.csv", original);
        File.SetLastWriteTimeUtc(listed, DateTime.UtcNow.AddMinutes(-10));
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new FtpFileSource(FtpTestClients.Options(peer, "/export", o => o.PipelineCommands = listOnlyWithPipelining));
        poller.Add(source);
        await poller.PollOnceAsync(source);
        time.Advance(Window);

        var poll = poller.PollOnceAsync(source);
        var claimed = peer.LocalPath("export/processing/run1.csv");
        while (!File.Exists(claimed) && !poll.IsCompleted)
        {
            await Task.Delay(20);
        }

        // The analyzer writes a new version beside the file and renames it over the old one (a new inode).
        var temporary = peer.WriteFile("export/processing/run1.tmp", replacement);
        File.Move(temporary, claimed, overwrite: true);
        var acquiredDuringReplacement = await poll;
        for (var i = 0; i < 2; i++)
        {
            time.Advance(Window);
            await poller.PollOnceAsync(source);
        }

        Assert.Equal(0, acquiredDuringReplacement);
        var file = Assert.Single(collector.Files);
        Assert.Equal(replacement, await File.ReadAllTextAsync(file.LocalPath));
        Assert.False(File.Exists(peer.LocalPath("export/run1.csv")));
        Assert.Empty(Directory.GetFiles(Path.Combine(collector.Spool, "incoming")));
    }

    [Fact]
    public async Task Poll_RemoteNameThatLooksLikeAPath_AcquiredUnderASafeNameInsideTheSpool()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib);
        peer.WriteFile("..\\..\\x.csv", "P1,WBC,7.2\n"); // a legal Unix file name, and a path to Windows-minded code
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new FtpFileSource(FtpTestClients.Options(peer));
        poller.Add(source);

        await poller.PollOnceAsync(source);
        time.Advance(Window);
        Assert.Equal(1, await poller.PollOnceAsync(source));

        var file = Assert.Single(collector.Files);
        Assert.Equal("x.csv", file.SourceName);
        Assert.Equal(Path.Combine(collector.Spool, "acquired", "xn-test"), Path.GetDirectoryName(file.LocalPath));
        Assert.Equal("P1,WBC,7.2\n", await File.ReadAllTextAsync(file.LocalPath));
        Assert.Empty(Directory.GetFiles(peer.Root, "*x.csv"));
        Assert.False(File.Exists(Path.Combine(collector.Spool, "..", "x.csv")));
    }

    [Fact]
    public async Task Poll_ServerRefusingRenamesAndDeletes_FileTakenInPlaceOnceAndAgainOnlyWhenChanged()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { DisabledCommands = ["RNFR", "RNTO", "DELE"] });
        var local = peer.WriteFile("run1.csv", "P1,WBC,7.2\n");
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new FtpFileSource(FtpTestClients.Options(peer));
        poller.Add(source);

        await poller.PollOnceAsync(source);
        time.Advance(Window);
        var first = await poller.PollOnceAsync(source);
        var again = 0;
        for (var i = 0; i < 3; i++)
        {
            time.Advance(Window);
            again += await poller.PollOnceAsync(source);
        }

        await File.AppendAllTextAsync(local, "P2,WBC,5.0\n");
        File.SetLastWriteTimeUtc(local, DateTime.UtcNow.AddMinutes(1));
        var changed = 0;
        for (var i = 0; i < 2; i++)
        {
            time.Advance(Window);
            changed += await poller.PollOnceAsync(source);
        }

        Assert.Equal(1, first);   // no rename: taken where it is
        Assert.Equal(0, again);   // not deletable: remembered, not taken twice
        Assert.Equal(1, changed); // new content is new data
        Assert.Equal(["P1,WBC,7.2\n", "P1,WBC,7.2\nP2,WBC,5.0\n"], collector.Files.Select(f => File.ReadAllText(f.LocalPath)));
        Assert.True(File.Exists(local));
        Assert.False(Directory.Exists(peer.LocalPath("processing")) && Directory.GetFiles(peer.LocalPath("processing")).Length > 0);
    }

    [Theory]
    [InlineData(FtpPeerServer.Vsftpd, false)]
    [InlineData(FtpPeerServer.Vsftpd, true)]
    [InlineData(FtpPeerServer.PureFtpd, false)]
    [InlineData(FtpPeerServer.Pyftpdlib, false)]
    [InlineData(FtpPeerServer.FtpSrv, false)]
    public async Task Poll_PipelinedCommands_AcquiresEveryFileInOrderAndDeletesEveryOne(FtpPeerServer server, bool tls)
    {
        await using var peer = await FtpPeer.StartAsync(server, new FtpPeerOptions { Tls = tls });
        var names = Enumerable.Range(1, 6).Select(i => $"run{i}.csv").ToArray();
        foreach (var name in names)
        {
            peer.WriteFile("export/" + name, "P1,WBC," + name + "\n");
        }

        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new FtpFileSource(FtpTestClients.Options(peer, "/export", o => o.PipelineCommands = true));
        poller.Add(source);

        await poller.PollOnceAsync(source);
        time.Advance(Window);
        var acquired = await poller.PollOnceAsync(source);

        Assert.Equal(6, acquired);
        Assert.Equal(names, collector.Files.Select(f => f.SourceName));
        Assert.Equal(names.Select(n => "P1,WBC," + n + "\n"), collector.Files.Select(f => File.ReadAllText(f.LocalPath)));
        Assert.Equal(6, collector.Removed.Count);
        Assert.All(collector.Removed, r => Assert.Null(r.ArchivedAs));
        Assert.Empty(Directory.GetFiles(peer.LocalPath("export/processing")));
        Assert.Empty(Directory.GetFiles(peer.LocalPath("export")));
    }

    [Fact]
    public async Task Poll_PipelinedCommandsAndBeforeRemovalFails_NoSourceCopyIsDeleted()
    {
        // The batch's pipelined DELEs come after the hand-over barrier, as the single removals do.
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd);
        peer.WriteFile("export/run1.csv", "P1,WBC,7.2\n");
        peer.WriteFile("export/run2.csv", "P2,WBC,5.0\n");
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        poller.BeforeRemoval = _ => ValueTask.FromException(new IOException("the audit trail could not be flushed"));
        var source = new FtpFileSource(FtpTestClients.Options(peer, "/export", o => o.PipelineCommands = true));
        poller.Add(source);

        await poller.PollOnceAsync(source);
        time.Advance(Window);
        await Assert.ThrowsAsync<IOException>(() => poller.PollOnceAsync(source));

        Assert.NotEmpty(collector.Files); // handed on: durable copies
        Assert.Empty(collector.Removed);
        Assert.Equal(["run1.csv", "run2.csv"], Directory.GetFiles(peer.LocalPath("export/processing")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Poll_PipelinedDeletesRefused_FilesKeptAndNotTakenAgain()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { DisabledCommands = ["DELE"] });
        peer.WriteFile("export/run1.csv", "P1,WBC,7.2\n");
        peer.WriteFile("export/run2.csv", "P2,WBC,5.0\n");
        peer.WriteFile("export/run3.csv", "P3,WBC,6.1\n");
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new FtpFileSource(FtpTestClients.Options(peer, "/export", o => o.PipelineCommands = true));
        poller.Add(source);

        await poller.PollOnceAsync(source);
        time.Advance(Window);
        var first = await poller.PollOnceAsync(source);
        time.Advance(Window);
        var again = await poller.PollOnceAsync(source);
        time.Advance(Window);
        again += await poller.PollOnceAsync(source);

        Assert.Equal(3, first);
        Assert.Equal(0, again);
        Assert.Empty(collector.Removed);
        Assert.Equal(["run1.csv", "run2.csv", "run3.csv"], Directory.GetFiles(peer.LocalPath("export/processing")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Poll_DataConnectionDroppedMidTransfer_ResumesAndHashesTheWholeFile()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { DropDataAfterBytes = 1500 });
        var content = RandomNumberGenerator.GetBytes(4000);
        peer.WriteFile("big.dat", content);
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new FtpFileSource(FtpTestClients.Options(peer));
        poller.Add(source, maxFileBytes: 1_000_000, downloadAttempts: 5);

        await poller.PollOnceAsync(source);
        time.Advance(Window);
        Assert.Equal(1, await poller.PollOnceAsync(source));

        var file = Assert.Single(collector.Files);
        Assert.Equal(content, await File.ReadAllBytesAsync(file.LocalPath));
        Assert.Equal(Sha256Digest.Compute(content), file.Sha256);
    }

    [Fact]
    public async Task Poll_TwoInstancesOnOneFolder_NeverTakeTheSameFile()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd);
        for (var i = 0; i < 12; i++)
        {
            peer.WriteFile($"export/f{i:D2}.csv", $"file {i}\n");
        }

        using var first = new Collector();
        using var second = new Collector();
        var time = new FakeTimeProvider();
        await using var pollerA = first.Poller(time);
        await using var pollerB = second.Poller(time);
        var sourceA = new FtpFileSource(FtpTestClients.Options(peer, "/export", o => o.MaxConnections = 2));
        var sourceB = new FtpFileSource(FtpTestClients.Options(peer, "/export", o => o.MaxConnections = 2));
        pollerA.Add(sourceA);
        pollerB.Add(sourceB);
        await Task.WhenAll(pollerA.PollOnceAsync(sourceA), pollerB.PollOnceAsync(sourceB));
        time.Advance(Window);

        var counts = await Task.WhenAll(pollerA.PollOnceAsync(sourceA), pollerB.PollOnceAsync(sourceB));

        var names = first.Files.Concat(second.Files).Select(f => f.SourceName).ToList();
        Assert.Equal(12, counts.Sum());
        Assert.Equal(12, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(Directory.GetFiles(peer.LocalPath("export"), "*.csv"));
    }

    [Fact]
    public async Task Poll_DosServerWithoutFeatOrMlsd_AcquiresFiles()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { DosListing = true, DisabledCommands = ["FEAT", "MLSD", "MLST"] });
        peer.WriteFile("run1.csv", "P1,WBC,7.2\n");
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new FtpFileSource(FtpTestClients.Options(peer));
        poller.Add(source);

        await poller.PollOnceAsync(source);
        time.Advance(Window);
        Assert.Equal(1, await poller.PollOnceAsync(source));

        Assert.Equal("P1,WBC,7.2\n", Encoding.UTF8.GetString(await File.ReadAllBytesAsync(collector.Files[0].LocalPath)));
    }
}
