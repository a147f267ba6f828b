namespace Hematology.Integration.Resilience;

/// <summary>One measurement of the scheduling-lag monitor.</summary>
/// <param name="Lag">How much later than scheduled the probe ran.</param>
/// <param name="ExceedsThreshold">Whether the lag exceeded <see cref="SchedulingLagOptions.WarningThreshold"/>.</param>
/// <param name="At">When the probe ran.</param>
public readonly record struct SchedulingLagSample(TimeSpan Lag, bool ExceedsThreshold, DateTimeOffset At);

/// <summary>What the scheduling-lag monitor has measured so far, for metrics.</summary>
/// <param name="Samples">How many probes ran.</param>
/// <param name="Warnings">How many probes exceeded the threshold.</param>
/// <param name="LastLag">The lag of the latest probe.</param>
/// <param name="MaxLag">The highest lag seen.</param>
public readonly record struct SchedulingLagStatistics(long Samples, long Warnings, TimeSpan LastLag, TimeSpan MaxLag);

/// <summary>
/// Warns when the thread pool falls behind: every interval it schedules a probe through the
/// <see cref="TimeProvider"/>, hops onto the thread pool, and measures how late it ran.
/// </summary>
public interface ISchedulingLagMonitor
{
    /// <summary>Gets what the monitor has measured so far.</summary>
    SchedulingLagStatistics Statistics { get; }

    /// <summary>Runs the monitor until cancelled (host it in a background service). Returns at once when disabled.</summary>
    /// <param name="cancellationToken">Stops the monitor.</param>
    /// <returns>A task that completes when the monitor stopped.</returns>
    Task RunAsync(CancellationToken cancellationToken);
}
