namespace Hematology.Integration.Acquisition;

/// <summary>Settings shared by every source of an <see cref="AcquisitionPoller"/>.</summary>
public sealed class AcquisitionOptions
{
    /// <summary>Gets or sets the spool folder: downloads go to <c>incoming/*.partial</c>, durable copies to <c>acquired/&lt;analyzer&gt;/</c>.</summary>
    /// <value>The default is empty (required).</value>
    public string SpoolDirectory { get; set; } = string.Empty;

    /// <summary>Gets or sets the random share of the poll interval added or removed per poll, so analyzers are not polled in lock-step (0 to 0.5).</summary>
    /// <value>The default is 0.1 (±10 %).</value>
    public double PollJitter { get; set; } = 0.1;

    /// <summary>Gets or sets the longest wait between attempts when a source keeps failing (the wait doubles from the poll interval).</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan MaxBackoff { get; set; } = AcquisitionDefaults.MaxBackoff;

    /// <summary>Gets or sets when files are considered completely written.</summary>
    /// <value>The default is a 5-second window over at least 2 observations, no content check.</value>
    public StabilityOptions Stability { get; set; } = new();
}
