using Hematology.Integration.Testing;
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
    public async Task RunAsync_DefaultJitter_PollsEachSourceWithinTenPercentOfItsInterval()
    {
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = new AcquisitionPoller(new AcquisitionOptions { SpoolDirectory = collector.Spool }, collector.OnAcquired, null, time);
        var fast = new RecordingSource("fast", time);
        var slow = new RecordingSource("slow", time);
        poller.Add(fast, TimeSpan.FromSeconds(15));
        poller.Add(slow, TimeSpan.FromSeconds(60));
        using var stop = new CancellationTokenSource();

        var run = poller.RunAsync(stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (fast.Polls.Count < 9 && DateTime.UtcNow < deadline)
        {
            await WaitForTimersAsync(time, 2);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        var fastGaps = Gaps(fast.Polls);
        var slowGaps = Gaps(slow.Polls);
        Assert.True(fastGaps.Count >= 8, $"{fastGaps.Count} gaps");
        Assert.All(fastGaps, g => Assert.InRange(g, 13.4, 16.6));   // 15 s ± 10 %, on 0.1-s steps
        Assert.True(fastGaps.Distinct().Count() > 1);               // jittered, not lock-step
        Assert.NotEmpty(slowGaps);
        Assert.All(slowGaps, g => Assert.InRange(g, 53.9, 66.1));   // 60 s ± 10 %
    }

    private static List<double> Gaps(List<DateTimeOffset> polls) =>
        polls.Zip(polls.Skip(1), (a, b) => Math.Round((b - a).TotalSeconds, 1)).ToList();

    private static async Task WaitForTimersAsync(FakeTimeProvider time, int count)
    {
        // Both loops are waiting for their next poll before the clock moves.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (time.PendingTimers < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }
    }

    /// <summary>An empty source that records when it was polled.</summary>
    private sealed class RecordingSource(string analyzer, TimeProvider time) : IResultFileSource
    {
        public List<DateTimeOffset> Polls { get; } = [];

        public AnalyzerId AnalyzerId { get; } = AnalyzerId.Create(analyzer);

        public string Location => "mem://" + analyzer;

        public ValueTask<SourceListing> ListAsync(CancellationToken cancellationToken = default)
        {
            Polls.Add(time.GetUtcNow());
            return ValueTask.FromResult(new SourceListing([], []));
        }

        public ValueTask<ClaimedFile?> ClaimAsync(SourceFile file, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<long> CopyToAsync(ClaimedFile file, long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> destination, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<SourceFile?> GetCurrentAsync(ClaimedFile file, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask ReleaseAsync(ClaimedFile file, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<string?> RemoveAsync(ClaimedFile file, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
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
