namespace Hematology.Integration.Resilience;

/// <summary>Options of the scheduling-lag monitor, which warns when the thread pool falls behind.</summary>
public sealed class SchedulingLagOptions
{
    /// <summary>Gets or sets a value indicating whether the monitor runs.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how often the monitor schedules its probe.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan Interval { get; set; } = ResilienceDefaults.SchedulingLagInterval;

    /// <summary>Gets or sets the lag (how late the probe ran) above which a warning is logged.</summary>
    /// <value>The default is 200 milliseconds.</value>
    public TimeSpan WarningThreshold { get; set; } = ResilienceDefaults.SchedulingLagThreshold;
}
