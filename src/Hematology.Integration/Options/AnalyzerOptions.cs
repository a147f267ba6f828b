namespace Hematology.Integration;

/// <summary>One analyzer: where its exports are taken from, how they are read, and where its results go.</summary>
public sealed class AnalyzerOptions
{
    /// <summary>Gets or sets the analyzer's id (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>); it names its spool folders and appears in the audit trail.</summary>
    /// <value>The default is empty (required).</value>
    public string Id { get; set; } = string.Empty;

    /// <summary>Gets the source the analyzer's exports are taken from (a local or SMB folder, or an FTP/FTPS server).</summary>
    public AnalyzerSourceOptions Source { get; } = new();

    /// <summary>Gets or sets the name of the analyzer profile that describes its CSV layout: a built-in (<c>generic-long</c>, <c>sysmex-wide</c>, <c>european-long</c>) or one loaded from <see cref="HematologyOptions.ProfileFiles"/>.</summary>
    /// <value>The default is <c>generic-long</c>.</value>
    public string Profile { get; set; } = HematologyDefaults.Profile;

    /// <summary>Gets or sets the IANA or Windows time zone the analyzer writes its timestamps in (for built-in profiles).</summary>
    /// <value>The default is <c>UTC</c>.</value>
    public string TimeZone { get; set; } = HematologyDefaults.TimeZone;

    /// <summary>Gets or sets how often the source is polled.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan PollInterval { get; set; } = HematologyDefaults.PollInterval;

    /// <summary>Gets or sets how long a file's size and modification time must stay unchanged before it is taken.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan StabilityWindow { get; set; } = HematologyDefaults.StabilityWindow;

    /// <summary>Gets or sets how many identical observations a file needs before it is taken (at least 2).</summary>
    /// <value>The default is 2.</value>
    public int MinObservations { get; set; } = HematologyDefaults.MinObservations;

    /// <summary>Gets the names of the destinations this analyzer's results go to; empty means every destination.</summary>
    /// <value>The default is an empty list (every destination).</value>
    public IList<string> Destinations { get; } = [];

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Source}, profile {Profile})";
}
