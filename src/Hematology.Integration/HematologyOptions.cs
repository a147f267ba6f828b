namespace Hematology.Integration;

/// <summary>The root of the pipeline's configuration: the <c>Hematology</c> section.</summary>
public sealed class HematologyOptions
{
    /// <summary>The configuration section the pipeline binds.</summary>
    public const string SectionName = "Hematology";

    /// <summary>Gets or sets the folder that holds the durable spool (incoming, acquired, outbox, sent, quarantine).</summary>
    /// <value>The default is <c>spool</c>, relative to the working directory.</value>
    public string SpoolDirectory { get; set; } = "spool";
}
