using System.Net;
using System.Net.Sockets;
using System.Text;
using Hematology.Integration.Testing;
using Hematology.Integration.Testing.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hematology.Integration.Acquisition.Tests.Ftp;

/// <summary>Server quirks the client copes with (legacy code pages, PASV behind NAT), and its time limits and cancellation.</summary>
public sealed class FtpClientQuirkTests
{
    [Fact]
    public async Task List_LegacyCodePageServerWithoutFeat_NamesDecodedWithTheConfiguredEncoding()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { Encoding = "latin-1", DisabledCommands = ["FEAT"] });
        peer.WriteFile("résultat.csv", "r\n");
        await using var latin1 = await FtpTestClients.ConnectAsync(peer, configure: o => o.Encoding = "latin1");
        await using var utf8 = await FtpTestClients.ConnectAsync(peer);

        var names = (await latin1.ListAsync(CancellationToken.None)).Entries.Select(e => e.Name).ToList();
        var content = await FtpTestClients.DownloadAsync(latin1, "résultat.csv");
        var misread = (await utf8.ListAsync(CancellationToken.None)).Entries.Select(e => e.Name).ToList();

        Assert.Equal(["résultat.csv"], names);
        Assert.Equal("r\n", Encoding.UTF8.GetString(content));
        Assert.DoesNotContain("résultat.csv", misread); // the same bytes read as UTF-8 are not the name
        Assert.Equal("iso-8859-1", latin1.Encoding.WebName);
    }

    [Fact]
    public async Task Connect_ServerOffersUtf8_SendsOptsUtf8OnUsesUtf8AndEndsWithQuit()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd);
        var client = await FtpTestClients.ConnectAsync(peer, configure: o => o.Encoding = "windows-1252");
        await client.NoopAsync(CancellationToken.None);
        var features = client.Features.ToList();
        var encoding = client.Encoding.WebName;
        await client.DisposeAsync();

        Assert.Contains("UTF8", features);
        Assert.Equal("utf-8", encoding);
        var log = await File.ReadAllTextAsync(peer.LogFile!);
        Assert.Contains("\"OPTS UTF8 ON\"", log, StringComparison.Ordinal);
        Assert.Contains("\"QUIT\"", log, StringComparison.Ordinal);
        Assert.True(client.IsBroken); // disposed: not usable any more
    }

    [Fact]
    public async Task Transfer_NoEpsvAndPasvReportsAPrivateAddress_UsesTheControlConnectionsHost()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { DisabledCommands = ["EPSV"], PassiveAddress = "10.1.2.3" });
        peer.WriteFile("run1.csv", "P1,WBC,7.2\n");
        await using var client = await FtpTestClients.ConnectAsync(peer);

        var listing = await client.ListAsync(CancellationToken.None);
        var content = await FtpTestClients.DownloadAsync(client, "run1.csv");
        var pasv = await client.CommandAsync("PASV", CancellationToken.None);

        Assert.Contains(listing.Entries, e => e.Name == "run1.csv");
        Assert.Equal("P1,WBC,7.2\n", Encoding.UTF8.GetString(content));
        Assert.Contains("10,1,2,3", pasv.Text, StringComparison.Ordinal); // the server really reports the private address
    }

    [Fact]
    public async Task Connect_ServerNeverSendsItsBanner_TimesOutOnTheConfiguredClock()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var time = new FakeTimeProvider();
        var options = SilentOptions(silent);
        await using var client = new FtpClient(options, time, NullLogger.Instance);

        var connect = client.ConnectAsync(CancellationToken.None);
        await WaitUntilAsync(() => time.HasTimerDueIn(options.CommandTimeout) || connect.IsCompleted);
        time.Advance(options.CommandTimeout);
        var ex = await Assert.ThrowsAsync<FtpException>(() => connect.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(FtpErrorKind.Timeout, ex.Kind);
        Assert.Equal("CONNECT", ex.Command);
        Assert.Null(ex.ReplyCode);
        Assert.True(ex.IsTransient);
        Assert.True(client.IsBroken);
    }

    [Fact]
    public async Task Connect_CancelledWhileTheServerIsSilent_ThrowsOperationCanceled()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var time = new FakeTimeProvider();
        var options = SilentOptions(silent);
        await using var client = new FtpClient(options, time, NullLogger.Instance);
        using var cancel = new CancellationTokenSource();

        var connect = client.ConnectAsync(cancel.Token);
        await WaitUntilAsync(() => time.HasTimerDueIn(options.CommandTimeout) || connect.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(client.IsBroken);
    }

    [Fact]
    public async Task Retr_DataConnectionStalls_TimesOutOnTheConfiguredClock()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib, new FtpPeerOptions { WriteLimitBytesPerSecond = 100 });
        peer.WriteFile("slow.csv", new string('x', 20_000)); // 200 s at the server's rate
        var time = new FakeTimeProvider();
        var options = FtpTestClients.Options(peer, configure: o =>
        {
            o.ConnectTimeout = TimeSpan.FromSeconds(15);
            o.CommandTimeout = TimeSpan.FromSeconds(30);
            o.DataTimeout = TimeSpan.FromSeconds(45);
        });
        await using var client = new FtpClient(options, time, NullLogger.Instance);
        var connect = client.ConnectAsync(CancellationToken.None);
        await connect.WaitAsync(TimeSpan.FromSeconds(60));

        long received = 0;
        var download = client.DownloadAsync("slow.csv", 0, (chunk, _) =>
        {
            Interlocked.Add(ref received, chunk.Length);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!download.IsCompleted && DateTime.UtcNow < deadline)
        {
            // Once bytes flow (the 150 reply is in), a pending read's time limit is the data limit.
            if (Interlocked.Read(ref received) > 0 && time.HasTimerDueIn(options.DataTimeout))
            {
                time.Advance(options.DataTimeout); // the data connection has been silent for the whole limit
            }

            await Task.Delay(10);
        }

        var ex = await Assert.ThrowsAsync<FtpException>(() => download.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(FtpErrorKind.Timeout, ex.Kind);
        Assert.Equal("DATA", ex.Command);
        Assert.True(client.IsBroken);
    }

    [Fact]
    public async Task Retr_PassivePortRefusesTheDataConnection_ReportsDataConnectAndBreaksTheSession()
    {
        // A scripted server whose EPSV reply names a port nobody listens on. The client sends RETR while its data
        // connection is being opened (not after), so when that connection is refused the RETR's reply is still
        // pending: the session must be reported broken, never read one reply out of step.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var deadPort = PeerTools.FreePort();
        var received = new List<string>();
        var server = Task.Run(async () =>
        {
            using var connection = await listener.AcceptTcpClientAsync();
            var stream = connection.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 scripted");
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (received)
                {
                    received.Add(line);
                }

                var verb = line.Split(' ')[0].ToUpperInvariant();
                var reply = verb switch
                {
                    "USER" => "331 password",
                    "PASS" => "230 in",
                    "FEAT" => "211 no features",
                    "EPSV" => $"229 Entering Extended Passive Mode (|||{deadPort}|)",
                    "RETR" => null, // a real server would wait for the data connection, then answer 425
                    "QUIT" => "221 bye",
                    _ => "200 ok",
                };
                if (reply is not null)
                {
                    await writer.WriteLineAsync(reply);
                }
            }
        });
        var options = new FtpSourceOptions { AnalyzerId = "scripted", Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, User = "u", Password = "p" };
        var client = new FtpClient(options, TimeProvider.System, NullLogger.Instance);
        await client.ConnectAsync(CancellationToken.None);

        var ex = await Assert.ThrowsAsync<FtpException>(() => client.DownloadAsync("a.csv", 0, (_, _) => ValueTask.CompletedTask, CancellationToken.None));
        var broken = client.IsBroken;
        await client.DisposeAsync();
        await server.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(FtpErrorKind.Connection, ex.Kind);
        Assert.Equal("DATA CONNECT", ex.Command);
        Assert.Contains(deadPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.True(broken);
        lock (received)
        {
            Assert.Contains("RETR a.csv", received);
        }
    }

    private static FtpSourceOptions SilentOptions(TcpListener listener) => new()
    {
        AnalyzerId = "silent",
        Host = "127.0.0.1",
        Port = ((IPEndPoint)listener.LocalEndpoint).Port,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        CommandTimeout = TimeSpan.FromSeconds(30),
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met within 30 seconds.");
            await Task.Delay(10);
        }
    }
}
