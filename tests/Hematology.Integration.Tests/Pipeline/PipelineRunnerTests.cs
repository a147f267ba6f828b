using System.Threading.Channels;
using Hematology.Integration.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hematology.Integration.Tests.Pipeline;

public sealed class PipelineRunnerTests : IDisposable
{
    private static readonly AnalyzerRoute Route = new(PipelineTestBed.Analyzer, "generic-long", ["lims"]);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly PipelineTestBed _bed = new();
    private readonly List<string> _settled = [];
    private readonly TaskCompletionSource _firstSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _twoSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task PollAsync_FileDurable_SettledWhileThePollGoesOn()
    {
        var source = new ScriptedSourcePort(PipelineTestBed.Analyzer, async (acquired, cancellationToken) =>
        {
            await acquired.WriteAsync(_bed.Acquire("a.csv", "a", 1), cancellationToken);
            await _firstSettled.Task.WaitAsync(Guard, cancellationToken); // the poll has not ended yet
            await acquired.WriteAsync(_bed.Acquire("b.csv", "b", 2), cancellationToken);
        });

        await RunUntilAsync(source, _twoSettled.Task);

        Assert.Equal(["a.csv", "b.csv"], _settled);
        Assert.Equal(0, _bed.Spool.UnflushedProcessedMoves); // the poll's moves to processed/ were flushed when it ended
    }

    [Fact]
    public async Task PollAsync_SourceFailsAfterOneFile_FileSettledAndRunnerGoesOn()
    {
        var source = new ScriptedSourcePort(PipelineTestBed.Analyzer, async (acquired, cancellationToken) =>
        {
            await acquired.WriteAsync(_bed.Acquire("a.csv", "a", 1), cancellationToken);
            throw new IOException("connection reset");
        });

        await RunUntilAsync(source, _firstSettled.Task);

        Assert.Equal(["a.csv"], _settled);
        Assert.Equal(1, source.Polls);
        Assert.Equal(0, _bed.Spool.UnflushedProcessedMoves); // flushed on the failure path too
    }

    [Fact]
    public async Task PollAsync_ManyFilesAtOnce_QueuedAndSettledInAcquisitionOrderAndAllArchived()
    {
        // A file is completed (audit durable, moved to processed/) while the next one is queued: the order of the
        // outbox and of the settled files must still be the acquisition order.
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var names = Enumerable.Range(1, 25).Select(i => $"f{i:D2}.csv").ToList();
        var source = new ScriptedSourcePort(PipelineTestBed.Analyzer, async (acquired, cancellationToken) =>
        {
            for (var i = 0; i < names.Count; i++)
            {
                await acquired.WriteAsync(_bed.Acquire(names[i], names[i], i + 1), cancellationToken);
            }

            await all.Task.WaitAsync(Guard, cancellationToken);
        });

        await RunUntilAsync(source, all.Task, count => count == names.Count ? all : null);

        Assert.Equal(names, _settled);
        var outbox = _bed.Spool.ListOutbox("lims");
        Assert.Equal(names.Count, outbox.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var metadata = await Hematology.Integration.Spool.DurableSpool.ReadMetadataAsync(outbox[i], default);
            Assert.Equal(names[i], metadata!.SourceName);
        }

        Assert.Empty(Directory.GetFiles(_bed.Spool.AcquiredRoot, "*", SearchOption.AllDirectories));
        Assert.Equal(names.Count, Directory.GetFiles(_bed.Spool.ProcessedRoot, "*", SearchOption.AllDirectories).Length);
    }

    public void Dispose() => _bed.Dispose();

    private async Task RunUntilAsync(ScriptedSourcePort source, Task until, Func<int, TaskCompletionSource?>? signal = null)
    {
        var specimen = 0;
        var processor = _bed.Processor(new FakeValidator(_ => PipelineTestBed.Accepted(PipelineTestBed.Result("S" + Interlocked.Increment(ref specimen), "WBC", 5.0m, 1))));
        var runner = new PipelineRunner(_bed.Spool, [(source, Route)], [], processor, new ManualPause(), _bed.Audit, _bed.Telemetry, _bed.Time, NullLogger<PipelineRunner>.Instance)
        {
            FileSettled = outcome =>
            {
                lock (_settled)
                {
                    _settled.Add(outcome.File.SourceName);
                    (signal?.Invoke(_settled.Count) ?? (_settled.Count == 1 ? _firstSettled : _twoSettled)).TrySetResult();
                }
            },
        };
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);

        await until.WaitAsync(Guard);
        await stop.CancelAsync();
        await running.WaitAsync(Guard); // stops cleanly, not faulted by the source's error
    }
}
