using Hematology.Integration.Resilience;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hematology.Integration.Hosting;

/// <summary>Unhealthy while the emergency pause holds; degraded while a destination's circuit breaker is open.</summary>
internal sealed class HematologyHealthCheck(IEmergencyPause pause, IDeliveryPolicy policy, HematologyOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = pause.State;
        if (state.IsPaused)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Emergency pause since {state.Since:O}: {state.Reason ?? state.Trigger?.ToString()}. Resume with 'hematology resume'."));
        }

        var open = options.Destinations.Select(d => d.Name).Where(d => policy.GetCircuit(d).State == CircuitState.Open).ToList();
        return Task.FromResult(open.Count > 0
            ? HealthCheckResult.Degraded($"Circuit open for {string.Join(", ", open)}; messages wait in their outbox.")
            : HealthCheckResult.Healthy());
    }
}
