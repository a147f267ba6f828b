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
    }

    public void Dispose() => _bed.Dispose();

    private async Task RunUntilAsync(ScriptedSourcePort source, Task until)
    {
        var processor = _bed.Processor(new FakeValidator(_ => PipelineTestBed.Accepted(PipelineTestBed.Result("S1", "WBC", 5.0m, 1))));
        var runner = new PipelineRunner(_bed.Spool, [(source, Route)], [], processor, new ManualPause(), _bed.Audit, _bed.Telemetry, _bed.Time, NullLogger<PipelineRunner>.Instance)
        {
            FileSettled = outcome =>
            {
                lock (_settled)
                {
                    _settled.Add(outcome.File.SourceName);
                    (_settled.Count == 1 ? _firstSettled : _twoSettled).TrySetResult();
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
