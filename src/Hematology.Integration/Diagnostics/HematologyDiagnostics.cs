namespace Hematology.Integration.Diagnostics;

/// <summary>
/// Names of the pipeline's traces and metrics. Subscribe with OpenTelemetry
/// (<c>AddSource(HematologyDiagnostics.ActivitySourceName)</c>, <c>AddMeter(HematologyDiagnostics.MeterName)</c>)
/// or any <see cref="System.Diagnostics.ActivityListener"/> / <see cref="System.Diagnostics.Metrics.MeterListener"/>.
/// </summary>
public static class HematologyDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: one span per file and per message, tagged with the correlation id.</summary>
    public const string ActivitySourceName = "Hematology.Integration";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "Hematology.Integration";

    /// <summary>The tag that carries the correlation id on spans.</summary>
    public const string CorrelationIdTag = "hematology.correlation_id";

    /// <summary>The tag that carries the analyzer id on spans and metrics.</summary>
    public const string AnalyzerTag = "hematology.analyzer";

    /// <summary>The tag that carries the destination name on spans and metrics.</summary>
    public const string DestinationTag = "hematology.destination";

    /// <summary>The tag that carries the message control id (MSH-10) on message spans.</summary>
    public const string ControlIdTag = "hematology.control_id";

    /// <summary>The tag that carries an outcome (ACK code, quarantine reason) on metrics.</summary>
    public const string OutcomeTag = "hematology.outcome";
}
