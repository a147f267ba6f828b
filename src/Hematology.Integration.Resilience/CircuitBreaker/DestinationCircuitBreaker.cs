using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Resilience;

/// <summary>
/// A small consecutive-failure circuit breaker for one destination. It opens after
/// <see cref="CircuitBreakerOptions.FailureThreshold"/> consecutive breaker failures; after
/// <see cref="CircuitBreakerOptions.BreakDuration"/> the next attempt goes through as a probe (half-open), and its
/// result closes or reopens the circuit. Designed for one dispatcher per destination.
/// </summary>
internal sealed class DestinationCircuitBreaker(string destination, CircuitBreakerOptions options, TimeProvider timeProvider, ILogger logger)
{
    private readonly Lock _gate = new();
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private long _openedTimestamp;
    private DateTimeOffset? _openedAt;
    private int _timesOpened;

    public string Destination => destination;

    public CircuitBreakerSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new CircuitBreakerSnapshot(destination, _state, _consecutiveFailures, _openedAt, _timesOpened);
        }
    }

    /// <summary>Waits while the circuit is open; returns once an attempt may be made.</summary>
    public async ValueTask WaitForPermissionAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan wait;
            lock (_gate)
            {
                if (_state != CircuitState.Open)
                {
                    return;
                }

                var elapsed = timeProvider.GetElapsedTime(_openedTimestamp);
                if (elapsed >= options.BreakDuration)
                {
                    _state = CircuitState.HalfOpen;
                    wait = TimeSpan.Zero;
                }
                else
                {
                    wait = options.BreakDuration - elapsed;
                }
            }

            if (wait == TimeSpan.Zero)
            {
                ResilienceLog.CircuitHalfOpen(logger, destination);
                return;
            }

            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The destination answered: close the circuit.</summary>
    public void RecordSuccess()
    {
        bool closed;
        lock (_gate)
        {
            closed = _state != CircuitState.Closed;
            _state = CircuitState.Closed;
            _consecutiveFailures = 0;
        }

        if (closed)
        {
            ResilienceLog.CircuitClosed(logger, destination);
        }
    }

    /// <summary>A breaker failure: open the circuit at the threshold, or reopen it after a failed probe.</summary>
    public void RecordFailure()
    {
        bool opened = false;
        int failures;
        lock (_gate)
        {
            _consecutiveFailures++;
            failures = _consecutiveFailures;
            if (_state == CircuitState.HalfOpen || (_state == CircuitState.Closed && _consecutiveFailures >= options.FailureThreshold))
            {
                _state = CircuitState.Open;
                _openedTimestamp = timeProvider.GetTimestamp();
                _openedAt = timeProvider.GetUtcNow();
                _timesOpened++;
                opened = true;
            }
        }

        if (opened)
        {
            ResilienceLog.CircuitOpened(logger, destination, failures, options.BreakDuration);
        }
    }
}
