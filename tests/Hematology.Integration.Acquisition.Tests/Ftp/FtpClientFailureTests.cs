using System.Text;
using Hematology.Integration.Testing.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hematology.Integration.Acquisition.Tests.Ftp;

/// <summary>How the client fails against real servers: typed errors with command and reply, never the password.</summary>
public sealed class FtpClientFailureTests
{
    [Fact]
    public async Task Connect_WrongPassword_ThrowsLoginErrorWithoutThePassword()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd);

        var ex = await Assert.ThrowsAsync<FtpException>(() => FtpTestClients.ConnectAsync(peer, configure: o => o.Password = "Secret-Wrong-1"));

        Assert.Equal(FtpErrorKind.Login, ex.Kind);
        Assert.Equal(530, ex.ReplyCode);
        Assert.Equal("PASS ****", ex.Command);
        Assert.DoesNotContain("Secret-Wrong-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_PinnedThumbprintMismatch_RefusesTheCertificate()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd, new FtpPeerOptions { Tls = true });

        var ex = await Assert.ThrowsAsync<FtpException>(() => FtpTestClients.ConnectAsync(peer, configure: o => o.PinnedCertificateSha256 = new string('A', 64)));

        Assert.Equal(FtpErrorKind.Tls, ex.Kind);
        Assert.Equal("AUTH TLS", ex.Command);
    }

    [Fact]
    public async Task Connect_SelfSignedWithoutPin_RefusedBySystemValidation()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.PureFtpd, new FtpPeerOptions { Tls = true });

        var ex = await Assert.ThrowsAsync<FtpException>(() => FtpTestClients.ConnectAsync(peer, configure: o => o.PinnedCertificateSha256 = null));

        Assert.Equal(FtpErrorKind.Tls, ex.Kind);
    }

    [Fact]
    public async Task Transfer_VsftpdRequiresReuse_IpLiteralServerNameFailsWhileDnsNameWorks()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd, new FtpPeerOptions { Tls = true, RequireSslReuse = true });
        peer.WriteFile("a.csv", "a\n");

        await using (var withIp = await FtpTestClients.ConnectAsync(peer, configure: o => o.TlsServerName = null))
        {
            await Assert.ThrowsAsync<FtpException>(() => FtpTestClients.DownloadAsync(withIp, "a.csv"));
        }

        await using var withName = await FtpTestClients.ConnectAsync(peer);
        Assert.Equal("a\n", Encoding.UTF8.GetString(await FtpTestClients.DownloadAsync(withName, "a.csv")));
    }

    [Fact]
    public async Task Retr_MissingFile_ThrowsReplyErrorWithCommand()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.PureFtpd);
        await using var client = await FtpTestClients.ConnectAsync(peer);

        var ex = await Assert.ThrowsAsync<FtpException>(() => FtpTestClients.DownloadAsync(client, "nothere.csv"));

        Assert.Equal(FtpErrorKind.Reply, ex.Kind);
        Assert.Equal("RETR nothere.csv", ex.Command);
        Assert.Equal(550, ex.ReplyCode);
        Assert.False(ex.IsTransient);
        await client.NoopAsync(CancellationToken.None); // the session survives a refused command
    }

    [Fact]
    public async Task Connect_ServerAllowsOneSession_SecondIsRefusedAndFirstKeepsWorking()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { MaxSessions = 1 });
        peer.WriteFile("a.csv", "a\n");
        await using var first = await ConnectWhenTheStartProbeIsGoneAsync(peer);

        var ex = await Assert.ThrowsAsync<FtpException>(() => FtpTestClients.ConnectAsync(peer));

        Assert.Equal(FtpErrorKind.Login, ex.Kind);
        Assert.Equal(421, ex.ReplyCode);
        Assert.Equal("a\n", Encoding.UTF8.GetString(await FtpTestClients.DownloadAsync(first, "a.csv")));
    }

    [Fact]
    public async Task Connect_NothingListening_ThrowsConnectionError()
    {
        var options = new FtpSourceOptions { AnalyzerId = "x", Host = "127.0.0.1", Port = PeerTools.FreePort(), ConnectTimeout = TimeSpan.FromSeconds(5) };
        await using var client = new FtpClient(options, TimeProvider.System, NullLogger.Instance);

        var ex = await Assert.ThrowsAsync<FtpException>(() => client.ConnectAsync(CancellationToken.None));

        Assert.Equal(FtpErrorKind.Connection, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Retr_ServerDropsDataConnection_ReportsConnectionErrorAndResumeWithRestCompletes()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { DropDataAfterBytes = 1000 });
        var content = Enumerable.Range(0, 2500).Select(i => (byte)(i % 251)).ToArray();
        peer.WriteFile("big.bin", content);
        await using var client = await FtpTestClients.ConnectAsync(peer);
        var received = new MemoryStream();

        var ex = await Assert.ThrowsAsync<FtpException>(() => client.DownloadAsync("big.bin", 0, Append(received), CancellationToken.None));
        await Assert.ThrowsAsync<FtpException>(() => client.DownloadAsync("big.bin", received.Length, Append(received), CancellationToken.None));
        await client.DownloadAsync("big.bin", received.Length, Append(received), CancellationToken.None);

        Assert.Equal(FtpErrorKind.Connection, ex.Kind);
        Assert.Equal(426, ex.ReplyCode);
        Assert.Equal(content, received.ToArray());
    }

    [Fact]
    public async Task List_DosServerRefusingFeatAndMlsd_ParsesDosLines()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { DosListing = true, DisabledCommands = ["FEAT", "MLSD", "MLST"] });
        peer.WriteFile("export/run1.csv", "abc\n");
        peer.CreateFolder("export/old");
        await using var client = await FtpTestClients.ConnectAsync(peer, "/export");

        var listing = await client.ListAsync(CancellationToken.None);

        Assert.Empty(client.Features);
        Assert.Empty(listing.UnparsedLines);
        Assert.False(listing.ExactTimes);
        Assert.Contains(listing.Entries, e => e is { Name: "run1.csv", Kind: FtpListEntryKind.File, Size: 4 });
        Assert.Contains(listing.Entries, e => e is { Name: "old", Kind: FtpListEntryKind.Directory });
    }

    private static Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> Append(MemoryStream target) => (chunk, _) =>
    {
        target.Write(chunk.Span);
        return ValueTask.CompletedTask;
    };

    // The fixture's readiness probe is a TCP connection too; the server may still count it for a moment.
    private static async Task<FtpClient> ConnectWhenTheStartProbeIsGoneAsync(FtpPeer peer)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return await FtpTestClients.ConnectAsync(peer);
            }
            catch (FtpException ex) when (ex.ReplyCode == 421 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
