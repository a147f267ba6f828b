using Hematology.Integration.Resilience.Tests.Delivery;
using Hematology.Integration.Resilience.Tests.Support;

namespace Hematology.Integration.Resilience.Tests.CircuitBreaker;

public sealed class CircuitBreakerTests : DeliveryPolicyTestBase
{
    [Fact]
    public void RecordFailure_OneBelowThreshold_StaysClosed()
    {
        var breaker = CreateBreaker();

        for (var i = 0; i < BreakerOptions.FailureThreshold - 1; i++)
        {
            breaker.RecordFailure();
        }

        var snapshot = breaker.Snapshot();
        Assert.Equal(CircuitState.Closed, snapshot.State);
        Assert.Equal(4, snapshot.ConsecutiveFailures);
        Assert.Null(snapshot.OpenedAt);
    }

    [Fact]
    public void RecordFailure_AtThreshold_Opens()
    {
        var breaker = CreateBreaker();

        for (var i = 0; i < BreakerOptions.FailureThreshold; i++)
        {
            breaker.RecordFailure();
        }

        var snapshot = breaker.Snapshot();
        Assert.Equal(CircuitState.Open, snapshot.State);
        Assert.Equal(Clock.GetUtcNow(), snapshot.OpenedAt);
        Assert.Equal(1, snapshot.TimesOpened);
        Assert.Single(Logger.WithEvent(6010));
    }

    [Fact]
    public void RecordSuccess_BetweenFailures_ResetsCount()
    {
        var breaker = CreateBreaker();
        for (var i = 0; i < 4; i++)
        {
            breaker.RecordFailure();
        }

        breaker.RecordSuccess();
        for (var i = 0; i < 4; i++)
        {
            breaker.RecordFailure();
        }

        Assert.Equal(CircuitState.Closed, breaker.Snapshot().State);
    }

    [Fact]
    public async Task WaitForPermissionAsync_Open_WaitsBreakDurationThenHalfOpen()
    {
        var breaker = CreateOpenBreaker();
        var wait = breaker.WaitForPermissionAsync(CancellationToken.None).AsTask();
        Wait.Until(() => Clock.PendingTimers > 0, "the break timer");

        Clock.Advance(BreakerOptions.BreakDuration - TimeSpan.FromSeconds(1));
        Assert.False(wait.IsCompleted);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await wait;

        Assert.Equal(CircuitState.HalfOpen, breaker.Snapshot().State);
        Assert.Single(Logger.WithEvent(6011));
    }

    [Fact]
    public async Task HalfOpen_ProbeSucceeds_Closes()
    {
        var breaker = CreateOpenBreaker();
        Clock.Advance(BreakerOptions.BreakDuration);
        await breaker.WaitForPermissionAsync(CancellationToken.None);

        breaker.RecordSuccess();

        Assert.Equal(CircuitState.Closed, breaker.Snapshot().State);
        Assert.Equal(0, breaker.Snapshot().ConsecutiveFailures);
        Assert.Single(Logger.WithEvent(6012));
    }

    [Fact]
    public async Task HalfOpen_ProbeFails_ReopensForAnotherBreak()
    {
        var breaker = CreateOpenBreaker();
        Clock.Advance(BreakerOptions.BreakDuration);
        await breaker.WaitForPermissionAsync(CancellationToken.None);

        breaker.RecordFailure();

        var snapshot = breaker.Snapshot();
        Assert.Equal(CircuitState.Open, snapshot.State);
        Assert.Equal(2, snapshot.TimesOpened);
        Assert.Equal(Clock.GetUtcNow(), snapshot.OpenedAt);
    }

    [Fact]
    public void GetCircuit_UnknownDestination_Closed()
    {
        var snapshot = CreatePolicy().GetCircuit("never-used");

        Assert.Equal(new CircuitBreakerSnapshot("never-used", CircuitState.Closed, 0, null, 0), snapshot);
    }

    [Fact]
    public async Task ExecuteAsync_AckTimeoutExhaustedForThresholdMessages_OpensAndNextMessageWaitsForProbe()
    {
        var policy = CreatePolicy();
        for (var i = 0; i < BreakerOptions.FailureThreshold; i++)
        {
            var timingOut = new ScriptedSender(Clock) { Then = DeliveryOutcomeKind.AckTimeout };
            await RunAsync(policy, timingOut);
        }

        Assert.Equal(CircuitState.Open, policy.GetCircuit("lims").State);
        var openedAt = Clock.GetUtcNow();
        var next = new ScriptedSender(Clock, DeliveryOutcomeKind.Accepted);

        var decision = await RunAsync(policy, next);

        Assert.Equal(DeliveryDecisionKind.Delivered, decision.Kind);
        Assert.Equal(openedAt + BreakerOptions.BreakDuration, next.AttemptTimes[0]);
        Assert.Equal(CircuitState.Closed, policy.GetCircuit("lims").State);
    }

    [Fact]
    public async Task ExecuteAsync_BreakersArePerDestination()
    {
        var policy = CreatePolicy();
        for (var i = 0; i < BreakerOptions.FailureThreshold; i++)
        {
            await RunAsync(policy, new ScriptedSender(Clock) { Then = DeliveryOutcomeKind.AckTimeout }, "lims-a");
        }

        Assert.Equal(CircuitState.Open, policy.GetCircuit("lims-a").State);
        Assert.Equal(CircuitState.Closed, policy.GetCircuit("lims-b").State);
    }

    [Fact]
    public async Task ExecuteAsync_ApplicationError_ResetsBreakerFailures()
    {
        var policy = CreatePolicy();
        Options.MaxConnectionRetries = 2;
        await RunAsync(policy, new ScriptedSender(Clock) { Then = DeliveryOutcomeKind.ConnectFailed });
        Assert.Equal(3, policy.GetCircuit("lims").ConsecutiveFailures);

        await RunAsync(policy, new ScriptedSender(Clock, DeliveryOutcomeKind.Rejected));

        Assert.Equal(0, policy.GetCircuit("lims").ConsecutiveFailures);
    }

    private DestinationCircuitBreaker CreateBreaker() => new("lims", BreakerOptions, Clock, Logger);

    private DestinationCircuitBreaker CreateOpenBreaker()
    {
        var breaker = CreateBreaker();
        for (var i = 0; i < BreakerOptions.FailureThreshold; i++)
        {
            breaker.RecordFailure();
        }

        return breaker;
    }
}
