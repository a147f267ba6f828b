using Hematology.Integration.Resilience.Tests.Support;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Resilience.Tests.Delivery;

public abstract class DeliveryPolicyTestBase
{
    internal FakeTimeProvider Clock { get; } = new();

    internal RecordingLogger Logger { get; } = new();

    internal DeliveryPolicyOptions Options { get; } = new() { JitterFactor = 0 };

    internal CircuitBreakerOptions BreakerOptions { get; } = new();

    internal DeliveryPolicy CreatePolicy(Func<double>? random = null) => new(Options, BreakerOptions, Clock, Logger, random ?? (() => 0.5));

    internal Task<DeliveryDecision> RunAsync(DeliveryPolicy policy, ScriptedSender sender, string destination = "lims", CancellationToken cancellationToken = default) =>
        Wait.DriveAsync(Clock, policy.ExecuteAsync(destination, sender.SendAsync, cancellationToken).AsTask());
}
