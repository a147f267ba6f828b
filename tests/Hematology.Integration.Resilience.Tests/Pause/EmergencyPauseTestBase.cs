using Hematology.Integration.Resilience.Tests.Support;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Resilience.Tests.Pause;

public abstract class EmergencyPauseTestBase
{
    internal FakeTimeProvider Clock { get; } = new();

    internal RecordingLogger Logger { get; } = new();

    internal RecordingAlertSink Sink { get; } = new();

    internal EmergencyPauseOptions Options { get; } = new();

    internal EmergencyPause Create(IPauseHealthCheck? healthCheck = null, IAlertSink? alerts = null, IEnumerable<IPauseListener>? listeners = null) =>
        new(Options, alerts ?? Sink, healthCheck, listeners ?? [Sink], Clock, Logger);

    internal static DeliveryResult AckTimeout() => ScriptedSender.Result(DeliveryOutcomeKind.AckTimeout);

    internal static DeliveryResult Ack(double seconds) => ScriptedSender.Result(DeliveryOutcomeKind.Accepted, TimeSpan.FromSeconds(seconds));
}
