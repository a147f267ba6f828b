using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Resilience;

/// <summary>The default <see cref="ISchedulingLagMonitor"/>.</summary>
internal sealed class SchedulingLagMonitor : ISchedulingLagMonitor
{
    private readonly SchedulingLagOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<SchedulingLagSample, ValueTask>? _onSample;
    private readonly Func<CancellationToken, Task> _hop;
    private readonly Lock _gate = new();
    private SchedulingLagStatistics _statistics;

    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="onSample">Called with every measurement (a metrics hook).</param>
    /// <param name="hop">How the probe gets onto the thread pool after the timer fired; tests replace it.</param>
    public SchedulingLagMonitor(
        SchedulingLagOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        Func<SchedulingLagSample, ValueTask>? onSample = null,
        Func<CancellationToken, Task>? hop = null)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _onSample = onSample;
        _hop = hop ?? HopToThreadPoolAsync;
    }

    public SchedulingLagStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return _statistics;
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var scheduled = _timeProvider.GetTimestamp();
                await Task.Delay(_options.Interval, _timeProvider, cancellationToken).ConfigureAwait(false);
                await _hop(cancellationToken).ConfigureAwait(false);
                var lag = _timeProvider.GetElapsedTime(scheduled) - _options.Interval;
                if (lag < TimeSpan.Zero)
                {
                    lag = TimeSpan.Zero;
                }

                await RecordAsync(lag).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private static Task HopToThreadPoolAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(static () => { }, cancellationToken, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    private async ValueTask RecordAsync(TimeSpan lag)
    {
        var exceeds = lag > _options.WarningThreshold;
        lock (_gate)
        {
            _statistics = new SchedulingLagStatistics(
                _statistics.Samples + 1,
                _statistics.Warnings + (exceeds ? 1 : 0),
                lag,
                lag > _statistics.MaxLag ? lag : _statistics.MaxLag);
        }

        if (exceeds)
        {
            ResilienceLog.SchedulingLag(_logger, lag.TotalMilliseconds, _options.WarningThreshold.TotalMilliseconds);
        }

        if (_onSample is not null)
        {
            try
            {
                await _onSample(new SchedulingLagSample(lag, exceeds, _timeProvider.GetUtcNow())).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ResilienceLog.LagCallbackFailed(_logger, ex.GetType().Name);
            }
        }
    }
}
