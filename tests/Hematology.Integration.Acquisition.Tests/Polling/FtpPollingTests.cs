using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Hematology.Integration.Acquisition.Tests.Ftp;
using Hematology.Integration.Testing;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Acquisition.Tests.Polling;

/// <summary>Many analyzers polled concurrently against real servers: session limits, reuse, dead analyzers, back-off.</summary>
public sealed partial class FtpPollingTests
{
    private static readonly StabilityOptions Immediate = new() { Window = TimeSpan.Zero, MinObservations = 1 };

    [Fact]
    public async Task Run_TwoAnalyzersOnAServerAllowingOneSession_NeverMoreThanOneSessionAndBothAcquired()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd, new FtpPeerOptions { MaxSessions = 1 });
        for (var i = 0; i < 3; i++)
        {
            peer.WriteFile($"a/a{i}.csv", $"a{i}\n");
            peer.WriteFile($"b/b{i}.csv", $"b{i}\n");
        }

        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time, Immediate);
        poller.Add(new FtpFileSource(FtpTestClients.Options(peer, "/a", o => o.AnalyzerId = "xn-a")));
        poller.Add(new FtpFileSource(FtpTestClients.Options(peer, "/b", o => o.AnalyzerId = "xn-b")));
        await WaitForNoSessionAsync(peer); // the fixture's start probe
        using var stop = new CancellationTokenSource();

        var run = poller.RunAsync(stop.Token);
        var maxSessions = 0;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (Count(collector) < 6 && DateTime.UtcNow < deadline)
        {
            maxSessions = Math.Max(maxSessions, peer.CountOpenSessions());
            if (time.PendingTimers > 0)
            {
                time.Advance(TimeSpan.FromSeconds(20)); // the next poll interval (15 s) or back-off
            }

            await Task.Delay(5);
        }

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(6, Count(collector));
        Assert.Equal(["a0.csv", "a1.csv", "a2.csv"], collector.Files.Where(f => f.AnalyzerId.Value == "xn-a").Select(f => f.SourceName));
        Assert.Equal(["b0.csv", "b1.csv", "b2.csv"], collector.Files.Where(f => f.AnalyzerId.Value == "xn-b").Select(f => f.SourceName));
        Assert.InRange(maxSessions, 1, 1);
        Assert.Empty(Directory.GetFiles(peer.LocalPath("a"), "*.csv"));
        Assert.Empty(Directory.GetFiles(peer.LocalPath("b"), "*.csv"));
    }

    [Fact]
    public async Task Poll_SeveralPolls_ReuseOneSession()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd);
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time, Immediate);
        var source = new FtpFileSource(FtpTestClients.Options(peer));
        poller.Add(source);
        var before = Logins(peer);

        for (var i = 0; i < 3; i++)
        {
            peer.WriteFile($"run{i}.csv", $"r{i}\n");
            Assert.Equal(1, await poller.PollOnceAsync(source));
            time.Advance(TimeSpan.FromSeconds(15));
        }

        Assert.Equal(1, Logins(peer) - before);
        Assert.Equal(1, peer.CountOpenSessions());
    }

    [Fact]
    public async Task Poll_SessionCutBetweenPolls_FailsOnceThenReconnects()
    {
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib);
        await using var proxy = new ControlProxy(peer.Port);
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time, Immediate);
        var source = new FtpFileSource(FtpTestClients.Options(peer, configure: o => o.Port = proxy.Port));
        poller.Add(source);
        peer.WriteFile("a.csv", "a\n");
        var first = await poller.PollOnceAsync(source);

        proxy.DropAll();
        peer.WriteFile("b.csv", "b\n");
        var ex = await Assert.ThrowsAsync<FtpException>(() => poller.PollOnceAsync(source));
        var afterReconnect = await poller.PollOnceAsync(source);

        Assert.Equal(1, first);
        Assert.True(ex.IsTransient);
        Assert.Equal(1, afterReconnect);
        Assert.Equal(2, proxy.Accepted);
        Assert.Equal(["a.csv", "b.csv"], collector.Files.Select(f => f.SourceName));
    }

    [Fact]
    public async Task Run_AnalyzerThatNeverAnswers_DoesNotDelayTheOthersAndStopsOnCancellation()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts connections, never says a word
        silent.Start();
        await using var peer = await FtpPeer.StartAsync(FtpPeerServer.Pyftpdlib);
        peer.WriteFile("run1.csv", "P1,WBC,7.2\n");
        using var collector = new Collector();
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var poller = new AcquisitionPoller(new AcquisitionOptions { SpoolDirectory = collector.Spool, Stability = Immediate }, async args =>
        {
            await collector.OnAcquired(args);
            delivered.TrySetResult();
        });
        poller.Add(new FtpFileSource(new FtpSourceOptions
        {
            AnalyzerId = "silent",
            Host = "127.0.0.1",
            Port = ((IPEndPoint)silent.LocalEndpoint).Port,
            ConnectTimeout = TimeSpan.FromMinutes(10),
            CommandTimeout = TimeSpan.FromMinutes(10),
        }), TimeSpan.FromMilliseconds(50));
        poller.Add(new FtpFileSource(FtpTestClients.Options(peer, configure: o => o.AnalyzerId = "alive")), TimeSpan.FromMilliseconds(100));
        using var stop = new CancellationTokenSource();

        var run = poller.RunAsync(stop.Token);
        var first = await Task.WhenAny(delivered.Task, run, Task.Delay(TimeSpan.FromSeconds(60)));
        await stop.CancelAsync();
        var stopped = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.Same(delivered.Task, first);          // long before the silent one's 10-minute limits
        Assert.Same(run, stopped);                   // the silent one's pending read honours cancellation
        Assert.Equal("alive", Assert.Single(collector.Files).AnalyzerId.Value);
    }

    [Fact]
    public async Task Run_UnreachableServer_RetriedWithADoublingBackOffUpToTheMaximum()
    {
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = new AcquisitionPoller(
            new AcquisitionOptions { SpoolDirectory = collector.Spool, PollJitter = 0, MaxBackoff = TimeSpan.FromSeconds(100) }, collector.OnAcquired, null, time);
        poller.Add(new FtpFileSource(new FtpSourceOptions { AnalyzerId = "down", Host = "127.0.0.1", Port = PeerTools.FreePort(), ConnectTimeout = TimeSpan.FromSeconds(30) }), TimeSpan.FromSeconds(15));
        using var stop = new CancellationTokenSource();

        var run = poller.RunAsync(stop.Token);
        var waits = new List<TimeSpan>();
        foreach (var expected in new[] { 30, 60, 100, 100 })
        {
            var due = TimeSpan.FromSeconds(expected);
            await WaitUntilAsync(() => time.HasTimerDueIn(due));
            waits.Add(due);
            time.Advance(due);
        }

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal([30, 60, 100, 100], waits.Select(w => (int)w.TotalSeconds));
        Assert.Empty(collector.Files);
    }

    private static int Count(Collector collector)
    {
        lock (collector.Files)
        {
            return collector.Files.Count;
        }
    }

    private static int Logins(FtpPeer peer) => File.Exists(peer.LogFile) ? LoginLine().Count(File.ReadAllText(peer.LogFile)) : 0;

    private static async Task WaitForNoSessionAsync(FtpPeer peer) => await WaitUntilAsync(() => peer.CountOpenSessions() == 0);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met within 30 seconds.");
            await Task.Delay(10);
        }
    }

    [GeneratedRegex(@"OK LOGIN: Client", RegexOptions.CultureInvariant)]
    private static partial Regex LoginLine();
}
