using System.Text;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Acquisition.Tests.Ftp;

/// <summary>The FTP client against real servers, plain and explicit FTPS (vsftpd requiring TLS session reuse).</summary>
public sealed class FtpClientServerTests
{
    private const string Content = "Patient_ID,Test_Code,Result_Value\nP1,WBC,7.2\n";

    public static TheoryData<FtpPeerServer, bool> Servers => new()
    {
        { FtpPeerServer.Vsftpd, false },
        { FtpPeerServer.Vsftpd, true },
        { FtpPeerServer.PureFtpd, false },
        { FtpPeerServer.PureFtpd, true },
        { FtpPeerServer.Pyftpdlib, false },
        { FtpPeerServer.Pyftpdlib, true },
        { FtpPeerServer.FtpSrv, false },
        { FtpPeerServer.FtpSrv, true }, // answers RETR only after the data handshake: the handshake must run concurrently
    };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Client_ListSizeDownloadRenameDelete_WorksOnEveryServer(FtpPeerServer server, bool tls)
    {
        await using var peer = await FtpPeer.StartAsync(server, new FtpPeerOptions { Tls = tls });
        peer.WriteFile("export/run1.csv", Content);
        peer.WriteFile("export/résultat_µl.csv", "x\n");
        peer.CreateFolder("export/sub");
        await using var client = await FtpTestClients.ConnectAsync(peer, "/export");

        var listing = await client.ListAsync(CancellationToken.None);
        var size = await client.SizeAsync("run1.csv", CancellationToken.None);
        var modified = await client.ModifiedTimeAsync("run1.csv", CancellationToken.None);
        var content = await FtpTestClients.DownloadAsync(client, "run1.csv");
        var utf8 = await FtpTestClients.DownloadAsync(client, "résultat_µl.csv");
        await client.MakeDirectoryAsync("processing", CancellationToken.None);
        await client.RenameAsync("run1.csv", "processing/run1.csv", CancellationToken.None);
        await client.DeleteAsync("processing/run1.csv", CancellationToken.None);
        await client.NoopAsync(CancellationToken.None);

        Assert.Empty(listing.UnparsedLines);
        var file = Assert.Single(listing.Entries, e => e.Name == "run1.csv");
        Assert.Equal(FtpListEntryKind.File, file.Kind);
        Assert.Equal(Content.Length, file.Size);
        Assert.Contains(listing.Entries, e => e.Name == "sub" && e.Kind == FtpListEntryKind.Directory);
        Assert.Contains(listing.Entries, e => e.Name == "résultat_µl.csv");
        Assert.Equal(Content.Length, size);
        Assert.NotNull(modified);
        Assert.Equal(Content, Encoding.UTF8.GetString(content));
        Assert.Equal("x\n", Encoding.UTF8.GetString(utf8));
        Assert.False(File.Exists(peer.LocalPath("export/run1.csv")));
        Assert.False(File.Exists(peer.LocalPath("export/processing/run1.csv")));
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Rename_Pipelined_MovesTheFileAndAReFusedRnfrIsReportedWithTheSessionStillInStep(FtpPeerServer server, bool tls)
    {
        await using var peer = await FtpPeer.StartAsync(server, new FtpPeerOptions { Tls = tls });
        peer.WriteFile("export/run1.csv", Content);
        peer.WriteFile("export/run2.csv", Content);
        peer.CreateFolder("export/processing");
        await using var client = await FtpTestClients.ConnectAsync(peer, "/export", o => o.PipelineCommands = true);

        await client.RenameAsync("run1.csv", "processing/run1.csv", CancellationToken.None);
        var refused = await Assert.ThrowsAsync<FtpException>(() => client.RenameAsync("missing.csv", "processing/missing.csv", CancellationToken.None));
        await client.RenameAsync("run2.csv", "processing/run2.csv", CancellationToken.None);
        var listing = await client.ListAsync(CancellationToken.None);

        Assert.Equal(FtpErrorKind.Reply, refused.Kind);
        Assert.StartsWith("RNFR", refused.Command, StringComparison.Ordinal);
        Assert.InRange(refused.ReplyCode ?? 0, 450, 559);
        Assert.False(client.IsBroken);
        Assert.DoesNotContain(listing.Entries, e => e.Name is "run1.csv" or "run2.csv");
        Assert.Equal(Content, File.ReadAllText(peer.LocalPath("export/processing/run1.csv")));
        Assert.Equal(Content, File.ReadAllText(peer.LocalPath("export/processing/run2.csv")));
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task ClaimRename_Pipelined_PreparesThePassiveEndpointForTheNextDownloadOnly(FtpPeerServer server, bool tls)
    {
        await using var peer = await FtpPeer.StartAsync(server, new FtpPeerOptions { Tls = tls });
        peer.WriteFile("export/run1.csv", Content);
        peer.WriteFile("export/run2.csv", "second\n");
        peer.CreateFolder("export/processing");
        await using var client = await FtpTestClients.ConnectAsync(peer, "/export", o => o.PipelineCommands = true);

        // RNFR + RNTO + EPSV in one write; the download uses that endpoint.
        await client.ClaimRenameAsync("run1.csv", "processing/run1.csv", CancellationToken.None);
        var first = await FtpTestClients.DownloadAsync(client, "processing/run1.csv");
        // Another command between the claim and the download: the prepared endpoint is dropped and a fresh one asked for.
        await client.ClaimRenameAsync("run2.csv", "processing/run2.csv", CancellationToken.None);
        await client.NoopAsync(CancellationToken.None);
        var second = await FtpTestClients.DownloadAsync(client, "processing/run2.csv");
        var refused = await Assert.ThrowsAsync<FtpException>(() => client.ClaimRenameAsync("missing.csv", "processing/missing.csv", CancellationToken.None));
        var listing = await client.ListAsync(CancellationToken.None);

        Assert.Equal(Content, Encoding.UTF8.GetString(first));
        Assert.Equal("second\n", Encoding.UTF8.GetString(second));
        Assert.StartsWith("RNFR", refused.Command, StringComparison.Ordinal);
        Assert.False(client.IsBroken);
        Assert.Contains(listing.Entries, e => e.Name == "processing");
        if (server == FtpPeerServer.Vsftpd)
        {
            // Three claims ask for an endpoint; only the second download (after NOOP) asks for its own; the listing
            // uses the third claim's, which nothing came between.
            var log = await File.ReadAllTextAsync(peer.LogFile!);
            Assert.Equal(4, CountOccurrences(log, "\"EPSV\""));
        }
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Download_Pipelined_AnswersTheNextSizeOfThatFileFromTheTransferAndNothingLater(FtpPeerServer server, bool tls)
    {
        await using var peer = await FtpPeer.StartAsync(server, new FtpPeerOptions { Tls = tls });
        peer.WriteFile("export/run1.csv", Content);
        peer.WriteFile("export/run2.csv", "second\n");
        await using var client = await FtpTestClients.ConnectAsync(peer, "/export", o => o.PipelineCommands = true);

        // SIZE went out with the transfer, right after its data: the file deleted since then still has its size.
        var first = await FtpTestClients.DownloadAsync(client, "run1.csv");
        File.Delete(peer.LocalPath("export/run1.csv"));
        var sizeFromTransfer = await client.SizeAsync("run1.csv", CancellationToken.None);
        var sizeAskedAgain = await client.SizeAsync("run1.csv", CancellationToken.None);
        // Another command between the transfer and the SIZE: the early answer is dropped and the server asked.
        var second = await FtpTestClients.DownloadAsync(client, "run2.csv");
        await client.NoopAsync(CancellationToken.None);
        File.Delete(peer.LocalPath("export/run2.csv"));
        var sizeAfterNoop = await client.SizeAsync("run2.csv", CancellationToken.None);

        Assert.Equal(Content, Encoding.UTF8.GetString(first));
        Assert.Equal("second\n", Encoding.UTF8.GetString(second));
        Assert.Equal(Content.Length, sizeFromTransfer);
        Assert.Null(sizeAskedAgain);
        Assert.Null(sizeAfterNoop);
        Assert.False(client.IsBroken);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task ClaimAndDownload_Pipelined_ReadTheFileTimeInTheSameWritesAsTheRenameAndTheTransfer(FtpPeerServer server, bool tls)
    {
        await using var peer = await FtpPeer.StartAsync(server, new FtpPeerOptions { Tls = tls });
        var listed = new DateTime(2026, 11, 30, 10, 20, 30, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(peer.WriteFile("export/run1.csv", Content), listed);
        peer.CreateFolder("export/processing");
        await using var client = await FtpTestClients.ConnectAsync(peer, "/export", o => o.PipelineCommands = true);

        var atClaim = await client.ClaimRenameAsync("run1.csv", "processing/run1.csv", CancellationToken.None, readTime: true);
        var content = await FtpTestClients.DownloadAsync(client, "processing/run1.csv", recheckTime: true);
        // Touched after the transfer: the early answers still describe the file as it was when its data ended.
        File.SetLastWriteTimeUtc(peer.LocalPath("export/processing/run1.csv"), listed.AddHours(1));
        var size = await client.SizeAsync("processing/run1.csv", CancellationToken.None);
        var atRecheck = await client.ModifiedTimeAsync("processing/run1.csv", CancellationToken.None);
        var askedAgain = await client.ModifiedTimeAsync("processing/run1.csv", CancellationToken.None);

        Assert.Equal(Content, Encoding.UTF8.GetString(content));
        Assert.Equal(new DateTimeOffset(listed), atClaim);
        Assert.Equal(Content.Length, size);
        Assert.Equal(new DateTimeOffset(listed), atRecheck);
        Assert.Equal(new DateTimeOffset(listed.AddHours(1)), askedAgain);
        Assert.False(client.IsBroken);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task DeleteMany_Pipelined_DeletesEachFileAndARefusalConcernsItsFileOnly(FtpPeerServer server, bool tls)
    {
        await using var peer = await FtpPeer.StartAsync(server, new FtpPeerOptions { Tls = tls });
        peer.WriteFile("export/a.csv", Content);
        peer.WriteFile("export/c.csv", Content);
        peer.WriteFile("export/d.csv", Content);
        await using var client = await FtpTestClients.ConnectAsync(peer, "/export", o => o.PipelineCommands = true);

        var replies = new List<FtpReply>();
        await client.DeleteManyAsync(["a.csv", "missing.csv", "c.csv"], replies, CancellationToken.None);
        var listing = await client.ListAsync(CancellationToken.None);

        Assert.Equal([true, false, true], replies.Select(FtpClient.IsDeleted));
        Assert.InRange(replies[1].Code, 450, 559);
        Assert.False(client.IsBroken);
        Assert.Equal(["d.csv"], listing.Entries.Where(e => e.Kind == FtpListEntryKind.File).Select(e => e.Name));
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task Connect_SecondFtpsSessionWithTheSameTlsServerName_WaitsUntilTheFirstCloses()
    {
        // .NET keeps one resumable TLS session per server name, process-wide: two sessions named "localhost" at once
        // would offer each other's session on data connections, which vsftpd (require_ssl_reuse) punishes.
        await using var one = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd, new FtpPeerOptions { Tls = true });
        await using var two = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd, new FtpPeerOptions { Tls = true });
        one.WriteFile("a.csv", "a\n");
        two.WriteFile("b.csv", "b\n");
        var first = await FtpTestClients.ConnectAsync(one);
        byte[] a;
        Task<FtpClient> second;
        Task early;
        try
        {
            second = FtpTestClients.ConnectAsync(two);
            early = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(2)));
            a = await FtpTestClients.DownloadAsync(first, "a.csv");
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var secondClient = await second.WaitAsync(TimeSpan.FromSeconds(60));
        var b = await FtpTestClients.DownloadAsync(secondClient, "b.csv");

        Assert.NotSame(second, early);
        Assert.Equal("a\n", Encoding.UTF8.GetString(a));
        Assert.Equal("b\n", Encoding.UTF8.GetString(b));
    }

    [Fact]
    public async Task Client_ImplicitTls_ListsAndDownloads()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd, new FtpPeerOptions { ImplicitTls = true });
        peer.WriteFile("run1.csv", Content);
        await using var client = await FtpTestClients.ConnectAsync(peer, configure: o => o.TlsMode = FtpTlsMode.Implicit);

        var listing = await client.ListAsync(CancellationToken.None);
        var content = await FtpTestClients.DownloadAsync(client, "run1.csv");

        Assert.Contains(listing.Entries, e => e.Name == "run1.csv");
        Assert.Equal(Content, Encoding.UTF8.GetString(content));
    }
}
