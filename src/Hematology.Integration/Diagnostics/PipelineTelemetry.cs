using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Hematology.Integration.Diagnostics;

/// <summary>The pipeline's spans and instruments (see <see cref="HematologyDiagnostics"/> for the names).</summary>
internal sealed class PipelineTelemetry : IDisposable
{
    private readonly Meter _meter;
    private Func<int> _outboxDepth = static () => 0;
    private Func<int> _quarantineCount = static () => 0;
    private Func<int> _paused = static () => 0;

    public PipelineTelemetry(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(HematologyDiagnostics.MeterName) ?? new Meter(HematologyDiagnostics.MeterName);
        FilesAcquired = _meter.CreateCounter<long>("hematology.files.acquired", "{file}", "Files taken from analyzers and stored durably.");
        FilesProcessed = _meter.CreateCounter<long>("hematology.files.processed", "{file}", "Files validated and mapped, by verdict.");
        FilesQuarantined = _meter.CreateCounter<long>("hematology.files.quarantined", "{file}", "Files set aside in quarantine, by reason.");
        ResultsAccepted = _meter.CreateCounter<long>("hematology.results.accepted", "{result}", "Results that passed validation.");
        RowsRejected = _meter.CreateCounter<long>("hematology.rows.rejected", "{row}", "Rows set aside by validation.");
        MessagesQueued = _meter.CreateCounter<long>("hematology.messages.queued", "{message}", "ORU^R01 messages written to an outbox.");
        MessagesDelivered = _meter.CreateCounter<long>("hematology.messages.delivered", "{message}", "Messages acknowledged with AA/CA.");
        MessagesQuarantined = _meter.CreateCounter<long>("hematology.messages.quarantined", "{message}", "Messages set aside in quarantine, by reason.");
        DeliveryAttempts = _meter.CreateCounter<long>("hematology.delivery.attempts", "{attempt}", "Send attempts, by outcome.");
        AckLatency = _meter.CreateHistogram<double>("hematology.ack.latency", "ms", "Time from the last byte sent to the ACK.");
        StableToAck = _meter.CreateHistogram<double>("hematology.stable_to_ack", "ms", "Time from a file being acquired to the ACK of its last message.");
        _meter.CreateObservableGauge("hematology.outbox.depth", () => _outboxDepth(), "{message}", "Messages waiting in outboxes.");
        _meter.CreateObservableGauge("hematology.quarantine.count", () => _quarantineCount(), "{item}", "Items in quarantine.");
        _meter.CreateObservableGauge("hematology.paused", () => _paused(), "{state}", "1 while the emergency pause is active.");
    }

    public static ActivitySource Source { get; } = new(HematologyDiagnostics.ActivitySourceName);

    public Counter<long> FilesAcquired { get; }

    public Counter<long> FilesProcessed { get; }

    public Counter<long> FilesQuarantined { get; }

    public Counter<long> ResultsAccepted { get; }

    public Counter<long> RowsRejected { get; }

    public Counter<long> MessagesQueued { get; }

    public Counter<long> MessagesDelivered { get; }

    public Counter<long> MessagesQuarantined { get; }

    public Counter<long> DeliveryAttempts { get; }

    public Histogram<double> AckLatency { get; }

    public Histogram<double> StableToAck { get; }

    /// <summary>Connects the observable gauges to the pipeline's state.</summary>
    public void Observe(Func<int> outboxDepth, Func<int> quarantineCount, Func<bool> paused)
    {
        _outboxDepth = outboxDepth;
        _quarantineCount = quarantineCount;
        _paused = () => paused() ? 1 : 0;
    }

    public void Dispose() => _meter.Dispose();
}
