using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Resilience;

/// <summary>The package's log messages (EventIds 6000–6999). None carries patient data.</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Delivery to {Destination} failed with {Outcome}; attempt {NextAttempt} in {Delay}")]
    public static partial void RetryScheduled(ILogger logger, string destination, DeliveryOutcomeKind outcome, int nextAttempt, TimeSpan delay);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Error, Message = "Circuit for {Destination} opened after {Failures} consecutive failures; next probe in {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, string destination, int failures, TimeSpan breakDuration);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Circuit for {Destination} half-open: the next attempt is a probe")]
    public static partial void CircuitHalfOpen(ILogger logger, string destination);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Information, Message = "Circuit for {Destination} closed")]
    public static partial void CircuitClosed(ILogger logger, string destination);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Critical, Message = "Emergency pause ({Trigger}): {Reason}")]
    public static partial void Paused(ILogger logger, PauseTrigger? trigger, string reason);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Warning, Message = "Emergency pause lifted by {Source} (operator {Operator}): {Reason}")]
    public static partial void Resumed(ILogger logger, PauseChangeSource source, string @operator, string reason);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Warning, Message = "Pause health check {Result}; staying paused")]
    public static partial void HealthCheckFailed(ILogger logger, string result);

    [LoggerMessage(EventId = 6023, Level = LogLevel.Error, Message = "Pause listener {Listener} failed: {Error}")]
    public static partial void PauseListenerFailed(ILogger logger, string listener, string error);

    [LoggerMessage(EventId = 6030, Message = "ALERT [{Code}] {Title}: {Detail}")]
    public static partial void AlertRaised(ILogger logger, LogLevel level, string code, string title, string detail);

    [LoggerMessage(EventId = 6031, Level = LogLevel.Error, Message = "Alert sink {Sink} failed: {Error}")]
    public static partial void AlertSinkFailed(ILogger logger, string sink, string error);

    [LoggerMessage(EventId = 6040, Level = LogLevel.Warning, Message = "Scheduling lag {LagMs:0} ms exceeds {ThresholdMs:0} ms: the thread pool is falling behind")]
    public static partial void SchedulingLag(ILogger logger, double lagMs, double thresholdMs);

    [LoggerMessage(EventId = 6041, Level = LogLevel.Warning, Message = "Scheduling-lag callback failed: {Error}")]
    public static partial void LagCallbackFailed(ILogger logger, string error);
}
