namespace Hematology.Integration.Mllp;

/// <summary>
/// Names of the MLLP receiver's metrics. They are published on the <see cref="System.Diagnostics.Metrics.Meter"/>
/// named <see cref="MeterName"/>, the pipeline's meter name, so one subscription
/// (<c>AddMeter("Hematology.Integration")</c> with OpenTelemetry, or a
/// <see cref="System.Diagnostics.Metrics.MeterListener"/>) covers the whole suite. Every measurement carries the
/// server's port (<see cref="PortTag"/>), so several receivers in one process can be told apart.
/// </summary>
public static class MllpDiagnostics
{
    /// <summary>The name of the meter: <c>Hematology.Integration</c>, as the pipeline's.</summary>
    public const string MeterName = "Hematology.Integration";

    /// <summary>
    /// Counter of frames the receiver finished with, tagged with <see cref="OutcomeTag"/>: the ACK code it sent
    /// (<c>AA</c>, <c>AE</c>, <c>AR</c>, <c>CA</c>, <c>CE</c>, <c>CR</c>), <c>raw</c> for a handler's own ACK,
    /// <c>none</c> when the handler chose not to reply, <c>closed</c> when it closed the connection, and
    /// <c>no_msh</c> for a frame without an MSH segment (the connection is closed).
    /// </summary>
    public const string ServerMessages = "hematology.mllp.server.messages";

    /// <summary>
    /// Histogram, in milliseconds, of the time from a message's last byte read to its ACK written (check, handler and
    /// ACK), tagged with <see cref="OutcomeTag"/>.
    /// </summary>
    public const string ServerDuration = "hematology.mllp.server.duration";

    /// <summary>Up-down counter of the connections open now.</summary>
    public const string ServerConnections = "hematology.mllp.server.connections";

    /// <summary>Counter of the connections accepted since the server started.</summary>
    public const string ServerConnectionsAccepted = "hematology.mllp.server.connections.accepted";

    /// <summary>Counter of the connections refused because <see cref="MllpServerOptions.MaxConnections"/> were open.</summary>
    public const string ServerConnectionsRefused = "hematology.mllp.server.connections.refused";

    /// <summary>Counter of the bytes received outside any frame and discarded.</summary>
    public const string ServerBytesDiscarded = "hematology.mllp.server.bytes_discarded";

    /// <summary>The tag that carries a frame's outcome (see <see cref="ServerMessages"/>).</summary>
    public const string OutcomeTag = "hematology.outcome";

    /// <summary>The tag that carries the port the receiver listens on.</summary>
    public const string PortTag = "server.port";
}
