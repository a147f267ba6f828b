using System.Collections.Concurrent;
using Hematology.Integration.Resilience.Tests.Support;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Resilience.Tests.Scheduling;

public sealed class SchedulingLagMonitorTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingLogger _logger = new();
    private readonly ConcurrentQueue<SchedulingLagSample> _samples = new();
    private readonly ConcurrentQueue<TaskCompletionSource> _hops = new();

    [Theory]
    [InlineData(300, true)]
    [InlineData(201, true)]
    [InlineData(200, false)]
    [InlineData(50, false)]
    public async Task RunAsync_ProbeRunsLate_WarnsOnlyAboveThreshold(int lagMs, bool warns)
    {
        var monitor = Create(new SchedulingLagOptions());
        using var cts = new CancellationTokenSource();
        var running = monitor.RunAsync(cts.Token);

        await ProbeAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(lagMs));

        var sample = Assert.Single(_samples);
        Assert.Equal(TimeSpan.FromMilliseconds(lagMs), sample.Lag);
        Assert.Equal(warns, sample.ExceedsThreshold);
        Assert.Equal(warns ? 1 : 0, _logger.WithEvent(6040).Count);
        await cts.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_SeveralProbes_StatisticsTrackLastAndMax()
    {
        var monitor = Create(new SchedulingLagOptions { Interval = TimeSpan.FromMilliseconds(500), WarningThreshold = TimeSpan.FromMilliseconds(100) });
        using var cts = new CancellationTokenSource();
        var running = monitor.RunAsync(cts.Token);

        await ProbeAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(150));
        await ProbeAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(400));
        await ProbeAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(10));

        Assert.Equal(new SchedulingLagStatistics(3, 2, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(400)), monitor.Statistics);
        await cts.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_Disabled_ReturnsAtOnce()
    {
        var monitor = Create(new SchedulingLagOptions { Enabled = false });

        await monitor.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, _clock.PendingTimers);
        Assert.Equal(0, monitor.Statistics.Samples);
    }

    [Fact]
    public async Task RunAsync_DefaultHop_MeasuresWithoutWarningOnIdleMachine()
    {
        var monitor = new SchedulingLagMonitor(new SchedulingLagOptions(), _clock, _logger, s =>
        {
            _samples.Enqueue(s);
            return ValueTask.CompletedTask;
        });
        using var cts = new CancellationTokenSource();
        var running = monitor.RunAsync(cts.Token);

        Wait.Until(() => _clock.PendingTimers > 0, "the probe timer");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Wait.Until(() => !_samples.IsEmpty, "the sample");

        Assert.Equal(TimeSpan.Zero, Assert.Single(_samples).Lag);
        await cts.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_CallbackThrows_KeepsRunning()
    {
        var calls = 0;
        var monitor = new SchedulingLagMonitor(new SchedulingLagOptions(), _clock, _logger, _ =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("metrics down");
        });
        using var cts = new CancellationTokenSource();
        var running = monitor.RunAsync(cts.Token);

        for (var i = 0; i < 2; i++)
        {
            Wait.Until(() => _clock.PendingTimers > 0, "the probe timer");
            _clock.Advance(TimeSpan.FromSeconds(1));
            var expected = i + 1;
            Wait.Until(() => Volatile.Read(ref calls) == expected, "the callback");
        }

        Assert.Equal(2, _logger.WithEvent(6041).Count);
        await cts.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private SchedulingLagMonitor Create(SchedulingLagOptions options) =>
        new(
            options,
            _clock,
            _logger,
            s =>
            {
                _samples.Enqueue(s);
                return ValueTask.CompletedTask;
            },
            _ =>
            {
                var hop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _hops.Enqueue(hop);
                return hop.Task;
            });

    /// <summary>Lets the probe's timer fire, then holds the hop for <paramref name="lag"/> of fake time before letting it run.</summary>
    private async Task ProbeAsync(TimeSpan interval, TimeSpan lag)
    {
        var before = _samples.Count;
        Wait.Until(() => _clock.PendingTimers > 0, "the probe timer");
        _clock.Advance(interval);
        Wait.Until(() => !_hops.IsEmpty, "the hop");
        _hops.TryDequeue(out var hop);
        _clock.Advance(lag);
        hop!.SetResult();
        Wait.Until(() => _samples.Count > before, "the sample");
        await Task.CompletedTask;
    }
}
