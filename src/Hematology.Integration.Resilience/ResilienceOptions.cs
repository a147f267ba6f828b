namespace Hematology.Integration.Resilience;

/// <summary>All resilience options: the <c>Hematology:Resilience</c> configuration section.</summary>
public sealed class ResilienceOptions
{
    /// <summary>The configuration section name, under the pipeline's <c>Hematology</c> section.</summary>
    public const string SectionName = "Resilience";

    /// <summary>Gets the delivery policy options.</summary>
    public DeliveryPolicyOptions Delivery { get; } = new();

    /// <summary>Gets the per-destination circuit breaker options.</summary>
    public CircuitBreakerOptions CircuitBreaker { get; } = new();

    /// <summary>Gets the emergency pause options.</summary>
    public EmergencyPauseOptions Pause { get; } = new();

    /// <summary>Gets the alert sink options.</summary>
    public AlertOptions Alerts { get; } = new();

    /// <summary>Gets the scheduling-lag monitor options.</summary>
    public SchedulingLagOptions SchedulingLag { get; } = new();
}
