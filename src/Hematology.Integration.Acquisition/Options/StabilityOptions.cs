namespace Hematology.Integration.Acquisition;

/// <summary>When a file is considered completely written by the analyzer.</summary>
public sealed class StabilityOptions
{
    /// <summary>Gets or sets how long a file's size and modification time must stay unchanged (measured on the local monotonic clock, never against the server's clock).</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan Window { get; set; } = AcquisitionDefaults.StabilityWindow;

    /// <summary>Gets or sets how many polls must have seen the same size and modification time.</summary>
    /// <value>The default is 2.</value>
    public int MinObservations { get; set; } = AcquisitionDefaults.MinObservations;

    /// <summary>Gets or sets an optional content check made on the downloaded copy (for example <see cref="FileCompleteness.FinalNewline"/>); a file that fails it is left for a later poll.</summary>
    /// <value>The default is <see langword="null"/> (no content check).</value>
    public IFileCompletenessRule? Completeness { get; set; }
}
