using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Resilience;

/// <summary>The default <see cref="IEmergencyPause"/>.</summary>
internal sealed class EmergencyPause : IEmergencyPause, IDisposable
{
    private readonly EmergencyPauseOptions _options;
    private readonly IAlertSink _alerts;
    private readonly IPauseHealthCheck? _healthCheck;
    private readonly IPauseListener[] _listeners;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DestinationWindow> _destinations = new(StringComparer.Ordinal);

    private PauseState _state = PauseState.Running;
    private CancellationTokenSource _pauseSource = new();
    private TaskCompletionSource _resumed = NewCompletedSignal();
    private Task _notifications = Task.CompletedTask;
    private int _outboxDepth;
    private bool _outboxTriggerArmed = true;
    private int _consecutiveValidationFailures;
    private int _pauseCount;
    private PauseTrigger? _lastTrigger;

    public EmergencyPause(
        EmergencyPauseOptions options,
        IAlertSink alerts,
        IPauseHealthCheck? healthCheck,
        IEnumerable<IPauseListener>? listeners,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _options = options;
        _alerts = alerts;
        _healthCheck = healthCheck;
        _listeners = listeners?.ToArray() ?? [];
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public PauseState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public bool IsPaused => State.IsPaused;

    public CancellationToken PauseToken
    {
        get
        {
            lock (_gate)
            {
                return _pauseSource.Token;
            }
        }
    }

    public PauseObservations Observations
    {
        get
        {
            lock (_gate)
            {
                var now = _timeProvider.GetTimestamp();
                var maxTimeouts = 0;
                var maxLatency = TimeSpan.Zero;
                foreach (var window in _destinations.Values)
                {
                    window.Prune(now, _options, _timeProvider);
                    maxTimeouts = Math.Max(maxTimeouts, window.Timeouts.Count);
                    maxLatency = TimeSpan.FromTicks(Math.Max(maxLatency.Ticks, window.MeanLatency.Ticks));
                }

                return new PauseObservations(_outboxDepth, _consecutiveValidationFailures, maxTimeouts, maxLatency, _pauseCount, _lastTrigger);
            }
        }
    }

    /// <summary>Gets a task that completes when every notification queued so far has been delivered (for tests).</summary>
    internal Task NotificationsIdle
    {
        get
        {
            lock (_gate)
            {
                return _notifications;
            }
        }
    }

    public ValueTask WaitWhilePausedAsync(CancellationToken cancellationToken = default)
    {
        Task resumed;
        lock (_gate)
        {
            if (!_state.IsPaused)
            {
                return ValueTask.CompletedTask;
            }

            resumed = _resumed.Task;
        }

        return new ValueTask(resumed.WaitAsync(cancellationToken));
    }

    public void ReportDelivery(string destination, DeliveryResult result)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(result);
        Transition? transition = null;
        lock (_gate)
        {
            if (!_destinations.TryGetValue(destination, out var window))
            {
                window = new DestinationWindow();
                _destinations.Add(destination, window);
            }

            var now = _timeProvider.GetTimestamp();
            if (result.Kind == DeliveryOutcomeKind.AckTimeout)
            {
                window.Timeouts.Enqueue(now);
                window.Prune(now, _options, _timeProvider);
                if (_options.ConsecutiveAckTimeouts > 0 && window.Timeouts.Count >= _options.ConsecutiveAckTimeouts)
                {
                    transition = PauseLocked(
                        PauseTrigger.ConsecutiveAckTimeouts,
                        string.Create(CultureInfo.InvariantCulture, $"{window.Timeouts.Count} consecutive ACK timeouts from {destination} within {Seconds(_options.AckTimeoutWindow)}"),
                        null);
                }
            }
            else if (result.IsAcknowledged)
            {
                window.Timeouts.Clear();
                window.Latencies.Enqueue((now, result.Latency));
                window.LatencySum += result.Latency;
                window.Prune(now, _options, _timeProvider);
                if (_options.AckLatencyThreshold > TimeSpan.Zero
                    && window.Latencies.Count >= _options.AckLatencyMinimumSamples
                    && window.MeanLatency > _options.AckLatencyThreshold)
                {
                    transition = PauseLocked(
                        PauseTrigger.AckLatency,
                        string.Create(CultureInfo.InvariantCulture, $"mean ACK latency from {destination} was {window.MeanLatency.TotalSeconds:0.###} s over {window.Latencies.Count} ACKs in {Seconds(_options.AckLatencyWindow)} (limit {Seconds(_options.AckLatencyThreshold)})"),
                        null);
                }
            }
        }

        Dispatch(transition);
    }

    public void ReportOutboxDepth(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        Transition? transition = null;
        lock (_gate)
        {
            _outboxDepth = depth;
            if (depth <= _options.MaxOutboxDepth)
            {
                _outboxTriggerArmed = true;
            }
            else if (_options.MaxOutboxDepth > 0 && _outboxTriggerArmed)
            {
                transition = PauseLocked(
                    PauseTrigger.OutboxDepth,
                    string.Create(CultureInfo.InvariantCulture, $"{depth} unacknowledged messages queued (limit {_options.MaxOutboxDepth})"),
                    null);
            }
        }

        Dispatch(transition);
    }

    public void ReportValidation(bool succeeded)
    {
        Transition? transition = null;
        lock (_gate)
        {
            if (succeeded)
            {
                _consecutiveValidationFailures = 0;
            }
            else
            {
                _consecutiveValidationFailures++;
                if (_options.ConsecutiveValidationFailures > 0 && _consecutiveValidationFailures >= _options.ConsecutiveValidationFailures)
                {
                    transition = PauseLocked(
                        PauseTrigger.ValidationFailures,
                        string.Create(CultureInfo.InvariantCulture, $"{_consecutiveValidationFailures} consecutive files failed validation"),
                        null);
                }
            }
        }

        Dispatch(transition);
    }

    public async ValueTask<bool> PauseAsync(string operatorName, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorName);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Transition? transition;
        lock (_gate)
        {
            transition = PauseLocked(PauseTrigger.Manual, reason.Trim(), operatorName.Trim());
        }

        if (transition is null)
        {
            return false;
        }

        await CompleteAsync(transition).WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask<bool> ResumeAsync(string operatorName, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorName);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (_options.ResumeMode == ResumeMode.HealthCheck)
        {
            throw new InvalidOperationException("Operator resume is disabled: Resilience:Pause:ResumeMode is HealthCheck, so only a passing health check lifts the pause.");
        }

        return await ResumeCoreAsync(PauseChangeSource.Operator, operatorName.Trim(), reason.Trim(), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> TryResumeByHealthCheckAsync(CancellationToken cancellationToken = default)
    {
        if (!IsPaused || _options.ResumeMode == ResumeMode.Operator || _healthCheck is null)
        {
            return false;
        }

        bool healthy;
        using (var timeout = new CancellationTokenSource(_options.HealthCheckTimeout, _timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                healthy = await _healthCheck.IsHealthyAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                ResilienceLog.HealthCheckFailed(_logger, "timed out after " + Seconds(_options.HealthCheckTimeout));
                return false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ResilienceLog.HealthCheckFailed(_logger, "threw " + ex.GetType().Name);
                return false;
            }
        }

        if (!healthy)
        {
            ResilienceLog.HealthCheckFailed(_logger, "reported unhealthy");
            return false;
        }

        return await ResumeCoreAsync(PauseChangeSource.HealthCheck, null, "automated health check passed", cancellationToken).ConfigureAwait(false);
    }

    public async Task RunHealthChecksAsync(CancellationToken cancellationToken)
    {
        if (_options.ResumeMode == ResumeMode.Operator || _healthCheck is null)
        {
            return;
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await WaitUntilPausedAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.HealthCheckInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
                await TryResumeByHealthCheckAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _pauseSource.Dispose();
        }
    }

    /// <summary>Completes when a pause begins (at once while paused).</summary>
    private Task WaitUntilPausedAsync(CancellationToken cancellationToken)
    {
        CancellationToken pauseToken;
        lock (_gate)
        {
            if (_state.IsPaused)
            {
                return Task.CompletedTask;
            }

            pauseToken = _pauseSource.Token;
        }

        var began = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = pauseToken.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), began);
        return AwaitAndUnregisterAsync(began.Task, registration, cancellationToken);

        static async Task AwaitAndUnregisterAsync(Task began, CancellationTokenRegistration registration, CancellationToken cancellationToken)
        {
            await using (registration.ConfigureAwait(false))
            {
                await began.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static TaskCompletionSource NewCompletedSignal()
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.SetResult();
        return signal;
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private async ValueTask<bool> ResumeCoreAsync(PauseChangeSource source, string? operatorName, string reason, CancellationToken cancellationToken)
    {
        Transition transition;
        lock (_gate)
        {
            if (!_state.IsPaused)
            {
                return false;
            }

            var previous = _state;
            _state = PauseState.Running;
            _pauseSource = new CancellationTokenSource();
            var resumed = _resumed;

            // Start the triggers afresh: what was observed before the pause must not pause again at once.
            _destinations.Clear();
            _consecutiveValidationFailures = 0;
            _outboxTriggerArmed = _options.MaxOutboxDepth == 0 || _outboxDepth <= _options.MaxOutboxDepth;
            var change = new PauseStateChange(previous, _state, source, operatorName, reason, _timeProvider.GetUtcNow());
            transition = Enqueue(change, toCancel: null, toRelease: resumed);
        }

        ResilienceLog.Resumed(_logger, source, operatorName ?? "-", reason);
        await CompleteAsync(transition).WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Moves to paused; called under the lock. Returns <see langword="null"/> when already paused.</summary>
    private Transition? PauseLocked(PauseTrigger trigger, string reason, string? operatorName)
    {
        if (_state.IsPaused)
        {
            return null;
        }

        var previous = _state;
        var now = _timeProvider.GetUtcNow();
        _state = new PauseState { IsPaused = true, Trigger = trigger, Reason = reason, Operator = operatorName, Since = now };
        _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pauseCount++;
        _lastTrigger = trigger;
        if (trigger == PauseTrigger.OutboxDepth)
        {
            _outboxTriggerArmed = false;
        }

        var change = new PauseStateChange(previous, _state, operatorName is null ? PauseChangeSource.Automatic : PauseChangeSource.Operator, operatorName, reason, now);
        return Enqueue(change, toCancel: _pauseSource, toRelease: null);
    }

    /// <summary>Chains the notification after the earlier ones; called under the lock so the order is the order of changes.</summary>
    private Transition Enqueue(PauseStateChange change, CancellationTokenSource? toCancel, TaskCompletionSource? toRelease)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transition = new Transition(change, _notifications, done, toCancel, toRelease);
        _notifications = done.Task;
        return transition;
    }

    /// <summary>Applies the side effects of an automatic transition and notifies in the background.</summary>
    private void Dispatch(Transition? transition)
    {
        if (transition is null)
        {
            return;
        }

        ResilienceLog.Paused(_logger, transition.Change.Current.Trigger, transition.Change.Reason);
        transition.ToCancel?.Cancel();
        _ = Task.Run(() => NotifyAsync(transition));
    }

    /// <summary>Applies the side effects of an operator or health-check transition and notifies before returning.</summary>
    private Task CompleteAsync(Transition transition)
    {
        if (transition.Change.Current.IsPaused)
        {
            ResilienceLog.Paused(_logger, transition.Change.Current.Trigger, transition.Change.Reason);
        }

        transition.ToCancel?.Cancel();
        transition.ToRelease?.TrySetResult();
        return NotifyAsync(transition);
    }

    private async Task NotifyAsync(Transition transition)
    {
        try
        {
            await transition.Previous.ConfigureAwait(false);
            var change = transition.Change;
            var alert = change.Current.IsPaused
                ? new Alert(
                    AlertSeverity.Critical,
                    "Hematology integration paused",
                    string.Create(CultureInfo.InvariantCulture, $"Polling and dispatch stopped at {change.At:O}. Trigger: {change.Current.Trigger}. Reason: {change.Reason}.{(change.Operator is null ? string.Empty : " Operator: " + change.Operator + ".")} Resume: {_options.ResumeMode}."))
                {
                    Code = "pause." + change.Current.Trigger,
                    Timestamp = change.At,
                }
                : new Alert(
                    AlertSeverity.Information,
                    "Hematology integration resumed",
                    string.Create(CultureInfo.InvariantCulture, $"Resumed at {change.At:O} by {(change.Operator ?? change.Source.ToString())}: {change.Reason}. Paused since {change.Previous.Since:O} ({change.Previous.Trigger})."))
                {
                    Code = "resume." + change.Source,
                    Timestamp = change.At,
                };

            try
            {
                await _alerts.AlertAsync(alert, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogFailure(_alerts, ex, listener: false);
            }

            foreach (var listener in _listeners)
            {
                try
                {
                    await listener.OnPauseStateChangedAsync(change, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    LogFailure(listener, ex, listener: true);
                }
            }
        }
        finally
        {
            transition.Done.TrySetResult();
        }
    }

    private void LogFailure(object component, Exception exception, bool listener)
    {
        if (!_logger.IsEnabled(LogLevel.Error))
        {
            return;
        }

        if (listener)
        {
            ResilienceLog.PauseListenerFailed(_logger, component.GetType().Name, exception.GetType().Name);
        }
        else
        {
            ResilienceLog.AlertSinkFailed(_logger, component.GetType().Name, exception.GetType().Name);
        }
    }

    private sealed record Transition(PauseStateChange Change, Task Previous, TaskCompletionSource Done, CancellationTokenSource? ToCancel, TaskCompletionSource? ToRelease);

    /// <summary>One destination's current run of ACK timeouts and its latency window.</summary>
    private sealed class DestinationWindow
    {
        public Queue<long> Timeouts { get; } = new();

        public Queue<(long At, TimeSpan Latency)> Latencies { get; } = new();

        public TimeSpan LatencySum { get; set; }

        public TimeSpan MeanLatency => Latencies.Count == 0 ? TimeSpan.Zero : LatencySum / Latencies.Count;

        public void Prune(long now, EmergencyPauseOptions options, TimeProvider clock)
        {
            while (Timeouts.TryPeek(out var first) && clock.GetElapsedTime(first, now) > options.AckTimeoutWindow)
            {
                Timeouts.Dequeue();
            }

            while (Latencies.TryPeek(out var sample) && clock.GetElapsedTime(sample.At, now) > options.AckLatencyWindow)
            {
                Latencies.Dequeue();
                LatencySum -= sample.Latency;
            }
        }
    }
}
