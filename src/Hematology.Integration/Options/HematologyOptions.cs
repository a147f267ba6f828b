using Hematology.Integration.Resilience;

namespace Hematology.Integration;

/// <summary>
/// The root of the pipeline's configuration: the <c>Hematology</c> section. Analyzers (where files come from and
/// how they are read), destinations (where messages go), the spool, the audit trail and the resilience settings.
/// Validated when the host starts, every error reported at once; <see cref="HematologyConfiguration.Validate(HematologyOptions)"/>
/// runs the same checks without a host.
/// </summary>
public sealed class HematologyOptions
{
    /// <summary>The configuration section the pipeline binds.</summary>
    public const string SectionName = "Hematology";

    /// <summary>Gets or sets the folder that holds the durable spool (incoming, acquired, outbox, sent, quarantine).</summary>
    /// <value>The default is <c>spool</c>, relative to the working directory.</value>
    public string SpoolDirectory { get; set; } = HematologyDefaults.SpoolDirectory;

    /// <summary>Gets the analyzers to acquire files from; at least one is required.</summary>
    /// <value>The default is an empty list.</value>
    public IList<AnalyzerOptions> Analyzers { get; } = [];

    /// <summary>Gets the destinations (LIMS endpoints) messages are delivered to; at least one is required.</summary>
    /// <value>The default is an empty list.</value>
    public IList<DestinationOptions> Destinations { get; } = [];

    /// <summary>Gets the audit trail settings.</summary>
    public PipelineAuditOptions Audit { get; } = new();

    /// <summary>Gets the delivery policy, circuit breaker, emergency pause, alert and scheduling-lag settings (the Resilience package's options).</summary>
    public ResilienceOptions Resilience { get; } = new();

    /// <summary>Gets paths of analyzer profile files (JSON) to load in addition to the built-in profiles; an analyzer names a profile by its <c>Name</c>.</summary>
    /// <value>The default is an empty list.</value>
    public IList<string> ProfileFiles { get; } = [];

    /// <summary>Gets or sets whether the local control channel (<c>&lt;spool&gt;/control.sock</c>, owner-only) is opened for <c>hematology pause|resume|requeue</c>.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool ControlChannel { get; set; } = true;
}
