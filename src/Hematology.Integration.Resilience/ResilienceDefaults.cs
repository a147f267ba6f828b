namespace Hematology.Integration.Resilience;

/// <summary>The defaults of every resilience option, from the source design.</summary>
internal static class ResilienceDefaults
{
    public const int AckTimeoutRetries = 2;
    public const int ApplicationErrorRetries = 2;
    public const int ProtocolErrorRetries = 2;
    public const double JitterFactor = 0.2;
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ConnectionRetryBaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxConnectionRetryDelay = TimeSpan.FromSeconds(30);

    public const int BreakerFailureThreshold = 5;
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    public const int ConsecutiveAckTimeouts = 5;
    public static readonly TimeSpan AckTimeoutWindow = TimeSpan.FromSeconds(60);
    public const int MaxOutboxDepth = 200;
    public static readonly TimeSpan AckLatencyThreshold = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan AckLatencyWindow = TimeSpan.FromMinutes(5);
    public const int AckLatencyMinimumSamples = 5;
    public const int ConsecutiveValidationFailures = 5;
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan HealthCheckInterval = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan SchedulingLagInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SchedulingLagThreshold = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay any option accepts (Polly's own upper bound is one day).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);
}
