using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Peers.Tests;

/// <summary>Proves each FTP peer fixture with independent clients (curl, Python's ftplib): real listings, real content.</summary>
public sealed class FtpPeerTests
{
    private const string Content = "Patient_ID,Test_Code,Result_Value\nP1,WBC,7.2\n";

    [Theory]
    [InlineData(FtpPeerServer.Pyftpdlib, false)]
    [InlineData(FtpPeerServer.Pyftpdlib, true)]
    [InlineData(FtpPeerServer.Vsftpd, false)]
    [InlineData(FtpPeerServer.Vsftpd, true)]
    [InlineData(FtpPeerServer.PureFtpd, false)]
    [InlineData(FtpPeerServer.PureFtpd, true)]
    [InlineData(FtpPeerServer.FtpSrv, false)]
    [InlineData(FtpPeerServer.FtpSrv, true)]
    public async Task Server_CurlListsAndDownloads_RealContent(FtpPeerServer server, bool tls)
    {
        await using var peer = await FtpPeer.StartAsync(server, new FtpPeerOptions { Tls = tls });
        peer.WriteFile("export/run1.csv", Content);

        var listing = await FtpCurl.RunAsync(peer, "export/", "--list-only");
        var download = await FtpCurl.RunAsync(peer, "export/run1.csv");

        Assert.Contains("run1.csv", listing, StringComparison.Ordinal);
        Assert.Equal(Content, download);
    }

    [Fact]
    public async Task Vsftpd_TlsWithRequiredReuse_CurlResumesAndDownloadsUtf8Name()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd, new FtpPeerOptions { Tls = true, RequireSslReuse = true });
        peer.WriteFile("export/résultat_µl.csv", Content);

        var download = await FtpCurl.RunAsync(peer, "export/r%C3%A9sultat_%C2%B5l.csv");

        Assert.Equal(Content, download);
        Assert.NotNull(peer.Certificate);
        Assert.Equal(64, peer.Certificate.Sha256Thumbprint.Length);
    }

    [Fact]
    public async Task Vsftpd_ImplicitTls_CurlDownloadsOverFtps()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd, new FtpPeerOptions { ImplicitTls = true });
        peer.WriteFile("a.csv", Content);

        var result = await PeerTools.RunAsync("/usr/bin/curl", ["-sS", "--max-time", "20", "--cacert", peer.Certificate!.CertificateFile, "-u", "ftpuser:ftppass", $"ftps://127.0.0.1:{peer.Port}/a.csv"]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(Content, result.StandardOutput);
    }

    [Fact]
    public async Task Tls_CurlWithAnotherCertificate_IsRefused()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { Tls = true });
        peer.WriteFile("a.csv", Content);
        var other = Directory.CreateTempSubdirectory("othercert-");
        try
        {
            using var otherCertificate = FtpTestCertificate.Create(other.FullName);
            var result = await PeerTools.RunAsync("curl", ["-sS", "--max-time", "10", "--ssl-reqd", "--cacert", otherCertificate.CertificateFile, "-u", "ftpuser:ftppass", peer.Url + "a.csv"]);

            Assert.NotEqual(0, result.ExitCode);
            Assert.DoesNotContain("WBC", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            other.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Pyftpdlib_DosListing_PrintsMsDosLines()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { DosListing = true });
        peer.WriteFile("export/run1.csv", Content);
        peer.CreateFolder("export/sub");

        var listing = await FtpCurl.RunAsync(peer, "export/");

        Assert.Matches(@"(?m)^\d\d-\d\d-\d\d\s+\d\d:\d\d[AP]M\s+" + Content.Length + @" run1\.csv\r?$", listing);
        Assert.Matches(@"(?m)^\d\d-\d\d-\d\d\s+\d\d:\d\d[AP]M\s+<DIR>\s+sub\r?$", listing);
    }

    [Fact]
    public async Task Pyftpdlib_DisabledFeatAndMlsd_AnswersWith500ButStillServesFiles()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { DisabledCommands = ["FEAT", "MLSD", "MLST"] });
        peer.WriteFile("run1.csv", Content);

        var output = await FtpLibProbe.RunAsync(peer, """
            for cmd in ("FEAT", "MLSD"):
                try:
                    print(cmd, ftp.sendcmd(cmd))
                except ftplib.error_perm as e:
                    print(cmd, str(e)[:3])
            data = []
            ftp.retrbinary("RETR run1.csv", data.append)
            print("CONTENT", b"".join(data).decode())
            """);

        Assert.Contains("FEAT 500", output, StringComparison.Ordinal);
        Assert.Contains("MLSD 500", output, StringComparison.Ordinal);
        Assert.Contains("CONTENT " + Content, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pyftpdlib_AcceptOptsUtf8_Answers200()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { AcceptOptsUtf8 = true });

        var output = await FtpLibProbe.RunAsync(peer, """print("OPTS", ftp.sendcmd("OPTS UTF8 ON")[:3])""");

        Assert.Contains("OPTS 200", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FtpPeerServer.Pyftpdlib)]
    [InlineData(FtpPeerServer.Vsftpd)]
    public async Task Server_MaxOneSession_RefusesTheSecond(FtpPeerServer server)
    {
        await using var peer = await FtpPeer.StartAsync(server, new FtpPeerOptions { MaxSessions = 1 });

        var output = await FtpLibProbe.RunAsync(peer, """
            second = ftplib.FTP()
            try:
                second.connect("127.0.0.1", PORT, timeout=10)
                second.login("ftpuser", "ftppass")
                print("SECOND OK")
            except (ftplib.Error, EOFError, OSError) as e:
                print("SECOND REFUSED", str(e)[:3])
            print("FIRST", ftp.sendcmd("NOOP")[:3])
            """);

        Assert.Contains("SECOND REFUSED", output, StringComparison.Ordinal);
        Assert.Contains("FIRST 200", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pyftpdlib_DropDataAfter_AbortsTheTransferWith426()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { DropDataAfterBytes = 1000 });
        peer.WriteFile("big.bin", new byte[10_000]);

        var output = await FtpLibProbe.RunAsync(peer, """
            data = []
            try:
                ftp.retrbinary("RETR big.bin", data.append)
                print("COMPLETE")
            except ftplib.Error as e:
                print("ABORTED", str(e)[:3], len(b"".join(data)))
            """);

        Assert.Contains("ABORTED 426 1000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vsftpd_SessionCount_SeesAnOpenControlConnection()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(peer.Host, peer.Port);
        var banner = new byte[100];
        var read = await client.GetStream().ReadAsync(banner);

        Assert.StartsWith("220", System.Text.Encoding.ASCII.GetString(banner, 0, read), StringComparison.Ordinal);
        Assert.Equal(1, peer.CountOpenSessions());
    }
}
