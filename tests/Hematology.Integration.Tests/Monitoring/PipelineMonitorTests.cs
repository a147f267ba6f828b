using Hematology.Integration.Monitoring;
using Hematology.Integration.Pipeline;
using Hematology.Integration.Spool;
using Hematology.Integration.Tests.Pipeline;
using Hematology.Integration.Validation;

namespace Hematology.Integration.Tests.Monitoring;

public sealed class PipelineMonitorTests : IDisposable
{
    private readonly PipelineTestBed _bed = new();
    private readonly PipelineMonitor _monitor;
    private static readonly AnalyzerId Analyzer = PipelineTestBed.Analyzer;

    public PipelineMonitorTests()
    {
        _monitor = new PipelineMonitor(_bed.Spool, new ManualPause(), new SimplePolicy(), ["lims"], _bed.Time);
    }

    public void Dispose() => _bed.Dispose();

    private ValueTask<OutboxItem?> EnqueueAsync(string controlId) =>
        _bed.Spool.EnqueueAsync(new OutboxMetadata
        {
            ControlId = controlId, Destination = "lims", CorrelationId = "c", AnalyzerId = Analyzer.Value, SourceName = "a.csv", FileSha256 = "00",
        }, "MSH|"u8.ToArray(), CancellationToken.None);

    [Fact]
    public void IsIdle_BeforeTheRunnerStarted_IsFalse()
    {
        Assert.False(_monitor.IsIdle());
    }

    [Fact]
    public void IsIdle_AnalyzerNotPolledYet_IsFalse()
    {
        _monitor.RunnerStarted([Analyzer]);

        Assert.False(_monitor.IsIdle());
    }

    [Fact]
    public void IsIdle_AfterAPollThatTookFiles_WaitsForAnEmptyPollAndTheFilesToSettle()
    {
        _monitor.RunnerStarted([Analyzer]);
        _monitor.PollStarted(Analyzer);
        _monitor.FilesAcquired(1);
        Assert.False(_monitor.IsIdle());
        _monitor.FileSettled(new FileOutcome(_bed.Acquire("a.csv", "x"), FileVerdict.Accepted, 5, 0, 0));
        _monitor.PollCompleted(Analyzer, 1);
        Assert.False(_monitor.IsIdle()); // polled, but not since its last file

        _monitor.PollStarted(Analyzer);
        Assert.False(_monitor.IsIdle()); // a poll in progress may be taking files
        _monitor.PollCompleted(Analyzer, 0);

        Assert.True(_monitor.IsIdle());
    }

    [Fact]
    public void IsIdle_PollSawFilesNotYetStable_IsNotIdle()
    {
        _monitor.RunnerStarted([Analyzer]);
        _monitor.PollStarted(Analyzer);
        _monitor.PollCompleted(Analyzer, 0, pending: 3);

        Assert.False(_monitor.IsIdle());
    }

    [Fact]
    public void IsIdle_FailedPoll_IsNotIdle()
    {
        _monitor.RunnerStarted([Analyzer]);
        _monitor.PollStarted(Analyzer);
        _monitor.PollCompleted(Analyzer, -1);

        Assert.False(_monitor.IsIdle());
    }

    [Fact]
    public async Task WaitForIdleAsync_MessageInTheOutbox_CompletesOnlyWhenItLeaves()
    {
        _monitor.RunnerStarted([Analyzer]);
        var item = await EnqueueAsync("C1");
        _monitor.PollStarted(Analyzer);
        _monitor.PollCompleted(Analyzer, 0);

        var waiting = _monitor.WaitForIdleAsync();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        _bed.Spool.MarkSent(item!);
        _monitor.MessageSettled(new MessageSettled { At = _bed.Time.GetUtcNow(), Destination = "lims", ControlId = "C1", Disposition = MessageDisposition.Delivered, Attempts = 1 });
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        var snapshot = _monitor.GetSnapshot();
        Assert.Equal(1, snapshot.MessagesDelivered);
        Assert.Equal(0, snapshot.OutboxDepth);
        Assert.True(snapshot.Running);
    }

    [Fact]
    public async Task WaitForIdleAsync_MessageMovedOutButNotYetReported_WaitsForTheReport()
    {
        // A dispatcher moves a batch out of the outbox, then reports each message: in between the outbox is empty,
        // but the counters are not final yet, so the pipeline is not idle (a fresh-clone test run caught a waiter
        // reading 4 of 8 deliveries in that window).
        _monitor.RunnerStarted([Analyzer]);
        var item = await EnqueueAsync("C1");
        _monitor.PollStarted(Analyzer);
        _monitor.PollCompleted(Analyzer, 0);

        _monitor.SettlingStarted();
        _bed.Spool.MarkSent(item!);
        var waiting = _monitor.WaitForIdleAsync();
        _bed.Time.Advance(TimeSpan.FromMilliseconds(300)); // past the monitor's periodic look (250 ms)
        await Task.Delay(100);
        Assert.False(_monitor.IsIdle());
        Assert.False(waiting.IsCompleted);

        _monitor.MessageSettled(new MessageSettled { At = _bed.Time.GetUtcNow(), Destination = "lims", ControlId = "C1", Disposition = MessageDisposition.Delivered, Attempts = 1 });
        _monitor.SettlingEnded();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, _monitor.GetSnapshot().MessagesDelivered);
    }

    [Fact]
    public async Task WaitForIdleAsync_RunnerStoppedOnAnError_ThrowsWithThatError()
    {
        _monitor.RunnerStarted([Analyzer]);
        var waiting = _monitor.WaitForIdleAsync();
        var diskFull = new IOException("No space left on device");

        _monitor.RunnerStopped(diskFull);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Same(diskFull, error.InnerException);
    }

    [Fact]
    public async Task WatchAsync_StreamsSettledFilesAndMessagesInOrder()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var enumerator = _monitor.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var first = enumerator.MoveNextAsync();

        _monitor.FileSettled(new FileOutcome(_bed.Acquire("a.csv", "x"), FileVerdict.Rejected, 0, 0, 0, "HEADER_MISSING_COLUMNS"));
        _monitor.MessageSettled(new MessageSettled { At = _bed.Time.GetUtcNow(), Destination = "lims", ControlId = "C2", Disposition = MessageDisposition.Quarantined, QuarantineReason = QuarantineReasons.Rejected, AckCode = "AR", Attempts = 1 });

        Assert.True(await first);
        var file = Assert.IsType<FileSettled>(enumerator.Current);
        Assert.Equal("HEADER_MISSING_COLUMNS", file.IssueCode);
        Assert.True(await enumerator.MoveNextAsync());
        var message = Assert.IsType<MessageSettled>(enumerator.Current);
        Assert.Equal(QuarantineReasons.Rejected, message.QuarantineReason);
        await enumerator.DisposeAsync();

        var snapshot = _monitor.GetSnapshot();
        Assert.Equal(1, snapshot.FilesRejected);
        Assert.Equal(1, snapshot.MessagesQuarantined);
    }
}
