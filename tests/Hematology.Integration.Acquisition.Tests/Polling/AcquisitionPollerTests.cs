using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Acquisition.Tests.Polling;

public sealed class AcquisitionPollerTests
{
    [Fact]
    public async Task RunAsync_OneAnalyzerDead_OthersStillAcquired()
    {
        var drop = Directory.CreateTempSubdirectory("acq-live-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(drop.FullName, "run.csv"), "P1,WBC\n");
            using var collector = new Collector();
            var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var options = new AcquisitionOptions
            {
                SpoolDirectory = collector.Spool,
                Stability = new StabilityOptions { Window = TimeSpan.Zero, MinObservations = 1 },
            };
            await using var poller = new AcquisitionPoller(options, async args =>
            {
                await collector.OnAcquired(args);
                delivered.TrySetResult();
            });
            var dead = new FtpFileSource(new FtpSourceOptions { AnalyzerId = "dead", Host = "127.0.0.1", Port = PeerTools.FreePort(), ConnectTimeout = TimeSpan.FromSeconds(2) });
            poller.Add(dead, TimeSpan.FromMilliseconds(50));
            poller.Add(new LocalFolderFileSource(new LocalFolderSourceOptions { AnalyzerId = "alive", Path = drop.FullName }), TimeSpan.FromMilliseconds(100));
            using var stop = new CancellationTokenSource();

            var run = poller.RunAsync(stop.Token);
            var finished = await Task.WhenAny(delivered.Task, Task.Delay(TimeSpan.FromSeconds(15)));
            await stop.CancelAsync();
            await run;

            Assert.Same(delivered.Task, finished);
            var file = Assert.Single(collector.Files);
            Assert.Equal("alive", file.AnalyzerId.Value);
        }
        finally
        {
            drop.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task PollOnceAsync_SourceNotAdded_Throws()
    {
        using var collector = new Collector();
        await using var poller = collector.Poller(TimeProvider.System);
        await using var source = new LocalFolderFileSource(new LocalFolderSourceOptions { AnalyzerId = "x", Path = collector.Spool });

        await Assert.ThrowsAsync<ArgumentException>(() => poller.PollOnceAsync(source));
    }
}
