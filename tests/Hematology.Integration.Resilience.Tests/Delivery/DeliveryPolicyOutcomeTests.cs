using Hematology.Integration.Resilience.Tests.Support;

namespace Hematology.Integration.Resilience.Tests.Delivery;

public sealed class DeliveryPolicyOutcomeTests : DeliveryPolicyTestBase
{
    [Fact]
    public async Task ExecuteAsync_AcceptedFirstTime_DeliveredAfterOneAttempt()
    {
        var sender = new ScriptedSender(Clock, DeliveryOutcomeKind.Accepted);

        var decision = await RunAsync(CreatePolicy(), sender);

        Assert.Equal(DeliveryDecisionKind.Delivered, decision.Kind);
        Assert.Equal(1, decision.Attempts);
        Assert.Equal(0, decision.Retries);
        Assert.Null(decision.QuarantineReason);
        Assert.Equal("AA", decision.LastResult.AckCode);
    }

    [Fact]
    public async Task ExecuteAsync_Rejected_QuarantinedWithoutRetry()
    {
        var sender = new ScriptedSender(Clock, DeliveryOutcomeKind.Rejected);

        var decision = await RunAsync(CreatePolicy(), sender);

        Assert.Equal(DeliveryDecisionKind.Quarantine, decision.Kind);
        Assert.Equal(DeliveryQuarantineReasons.Rejected, decision.QuarantineReason);
        Assert.Equal(1, sender.Calls);
        Assert.Equal(1, decision.Attempts);
    }

    [Fact]
    public async Task ExecuteAsync_ApplicationErrorEveryTime_RetriedTwiceThenQuarantined()
    {
        var sender = new ScriptedSender(Clock) { Then = DeliveryOutcomeKind.ApplicationError };

        var decision = await RunAsync(CreatePolicy(), sender);

        Assert.Equal(DeliveryDecisionKind.Quarantine, decision.Kind);
        Assert.Equal(DeliveryQuarantineReasons.ApplicationError, decision.QuarantineReason);
        Assert.Equal(3, sender.Calls);
        Assert.Equal([1, 2, 3], sender.AttemptNumbers);
    }

    [Fact]
    public async Task ExecuteAsync_ApplicationErrorThenAccepted_Delivered()
    {
        var sender = new ScriptedSender(Clock, DeliveryOutcomeKind.ApplicationError, DeliveryOutcomeKind.Accepted);

        var decision = await RunAsync(CreatePolicy(), sender);

        Assert.Equal(DeliveryDecisionKind.Delivered, decision.Kind);
        Assert.Equal(2, decision.Attempts);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(4, 5)]
    public async Task ExecuteAsync_ApplicationErrorRetriesConfigured_AttemptsFollowOption(int retries, int expectedAttempts)
    {
        Options.ApplicationErrorRetries = retries;
        var sender = new ScriptedSender(Clock) { Then = DeliveryOutcomeKind.ApplicationError };

        var decision = await RunAsync(CreatePolicy(), sender);

        Assert.Equal(expectedAttempts, sender.Calls);
        Assert.Equal(DeliveryQuarantineReasons.ApplicationError, decision.QuarantineReason);
    }

    [Fact]
    public async Task ExecuteAsync_AckTimeoutEveryTime_ExactlyTwoRetriesWithGrowingBackoffThenQuarantined()
    {
        var sender = new ScriptedSender(Clock) { Then = DeliveryOutcomeKind.AckTimeout };
        var policy = CreatePolicy();

        var decision = await RunAsync(policy, sender);

        Assert.Equal(DeliveryDecisionKind.Quarantine, decision.Kind);
        Assert.Equal(DeliveryQuarantineReasons.AckTimeout, decision.QuarantineReason);
        Assert.Equal(3, sender.Calls);
        Assert.Equal(2, decision.Retries);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], sender.Gaps());
        var circuit = policy.GetCircuit("lims");
        Assert.Equal(1, circuit.ConsecutiveFailures);
        Assert.Equal(CircuitState.Closed, circuit.State);
        Assert.Equal(2, Logger.WithEvent(6001).Count);
    }

    [Fact]
    public async Task ExecuteAsync_AckTimeoutWithExtremeJitter_BackoffStillGrowsWithinBounds()
    {
        Options.JitterFactor = 0.2;
        var randoms = new Queue<double>([1.0, 0.0]);
        var sender = new ScriptedSender(Clock) { Then = DeliveryOutcomeKind.AckTimeout };

        await RunAsync(CreatePolicy(() => randoms.Dequeue()), sender);

        var gaps = sender.Gaps();
        Assert.Equal(TimeSpan.FromSeconds(1.2), gaps[0]);
        Assert.Equal(TimeSpan.FromSeconds(1.6), gaps[1]);
        Assert.True(gaps[1] > gaps[0]);
    }

    [Fact]
    public async Task ExecuteAsync_AckTimeoutThenAccepted_DeliveredOnRetry()
    {
        var sender = new ScriptedSender(Clock, DeliveryOutcomeKind.AckTimeout, DeliveryOutcomeKind.AckTimeout, DeliveryOutcomeKind.Accepted);
        var policy = CreatePolicy();

        var decision = await RunAsync(policy, sender);

        Assert.Equal(DeliveryDecisionKind.Delivered, decision.Kind);
        Assert.Equal(3, decision.Attempts);
        Assert.Equal(0, policy.GetCircuit("lims").ConsecutiveFailures);
    }

    [Fact]
    public async Task ExecuteAsync_ProtocolErrorEveryTime_RetriedThenQuarantinedAsProtocolError()
    {
        var sender = new ScriptedSender(Clock) { Then = DeliveryOutcomeKind.ProtocolError };

        var decision = await RunAsync(CreatePolicy(), sender);

        Assert.Equal(DeliveryQuarantineReasons.ProtocolError, decision.QuarantineReason);
        Assert.Equal(3, sender.Calls);
    }

    [Theory]
    [InlineData(DeliveryOutcomeKind.ConnectFailed)]
    [InlineData(DeliveryOutcomeKind.ConnectionClosed)]
    [InlineData(DeliveryOutcomeKind.SendFailed)]
    public async Task ExecuteAsync_ConnectionFailuresThenAccepted_DeliveredNeverQuarantined(DeliveryOutcomeKind failure)
    {
        var script = Enumerable.Repeat(failure, 12).ToArray();
        var sender = new ScriptedSender(Clock, script);

        var decision = await RunAsync(CreatePolicy(), sender, step: TimeSpan.FromMilliseconds(250));

        Assert.Equal(DeliveryDecisionKind.Delivered, decision.Kind);
        Assert.Equal(13, decision.Attempts);
    }

    [Fact]
    public async Task ExecuteAsync_ConnectFailures_BackoffDoublesUpToCap()
    {
        BreakerOptions.FailureThreshold = 100;
        Options.MaxConnectionRetryDelay = TimeSpan.FromSeconds(8);
        var sender = new ScriptedSender(Clock, Enumerable.Repeat(DeliveryOutcomeKind.ConnectFailed, 6).ToArray());

        await RunAsync(CreatePolicy(), sender, step: TimeSpan.FromMilliseconds(250));

        Assert.Equal(
            [1, 2, 4, 8, 8, 8],
            sender.Gaps().Select(g => g.TotalSeconds).ToArray());
    }

    [Fact]
    public async Task ExecuteAsync_ConnectFailuresWithLimit_DeferredNotQuarantined()
    {
        Options.MaxConnectionRetries = 3;
        var sender = new ScriptedSender(Clock) { Then = DeliveryOutcomeKind.ConnectFailed };

        var decision = await RunAsync(CreatePolicy(), sender, step: TimeSpan.FromMilliseconds(250));

        Assert.Equal(DeliveryDecisionKind.Deferred, decision.Kind);
        Assert.Null(decision.QuarantineReason);
        Assert.Equal(4, sender.Calls);
    }

    [Fact]
    public async Task ExecuteAsync_ConnectFailuresDoNotUseUpAckTimeoutBudget()
    {
        var sender = new ScriptedSender(
            Clock,
            DeliveryOutcomeKind.AckTimeout,
            DeliveryOutcomeKind.ConnectFailed,
            DeliveryOutcomeKind.ConnectFailed,
            DeliveryOutcomeKind.AckTimeout,
            DeliveryOutcomeKind.ConnectionClosed,
            DeliveryOutcomeKind.AckTimeout);

        var decision = await RunAsync(CreatePolicy(), sender);

        Assert.Equal(DeliveryQuarantineReasons.AckTimeout, decision.QuarantineReason);
        Assert.Equal(6, decision.Attempts);
    }

    [Fact]
    public async Task ExecuteAsync_SenderThrows_CountsAsSendFailedAndRetries()
    {
        var calls = 0;
        var policy = CreatePolicy();

        var decision = await Support.Wait.DriveAsync(Clock, policy.ExecuteAsync("lims", _ =>
        {
            calls++;
            return calls == 1
                ? throw new IOException("broken pipe")
                : ValueTask.FromResult(ScriptedSender.Result(DeliveryOutcomeKind.Accepted));
        }).AsTask());

        Assert.Equal(DeliveryDecisionKind.Delivered, decision.Kind);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task ExecuteAsync_CancelledWhileWaitingToRetry_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var sender = new ScriptedSender(Clock) { Then = DeliveryOutcomeKind.ConnectFailed };
        var task = CreatePolicy().ExecuteAsync("lims", sender.SendAsync, cts.Token).AsTask();
        Support.Wait.Until(() => Clock.PendingTimers > 0, "the retry delay");

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(1, sender.Calls);
    }

    [Fact]
    public async Task ExecuteAsync_SameMessageEveryAttempt_AttemptNumbersIncrease()
    {
        var sender = new ScriptedSender(Clock, DeliveryOutcomeKind.AckTimeout, DeliveryOutcomeKind.ConnectionClosed, DeliveryOutcomeKind.Accepted);

        await RunAsync(CreatePolicy(), sender);

        Assert.Equal([1, 2, 3], sender.AttemptNumbers);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task ExecuteAsync_NoDestination_Throws(string? destination)
    {
        var sender = new ScriptedSender(Clock);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => CreatePolicy().ExecuteAsync(destination!, sender.SendAsync).AsTask());
    }

    [Fact]
    public void Backoff_ExponentAndCap_ComputedFromBase()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), DeliveryPolicy.Backoff(TimeSpan.FromSeconds(1), 2, TimeSpan.FromHours(1), 0, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(3), DeliveryPolicy.Backoff(TimeSpan.FromSeconds(1), 5, TimeSpan.FromSeconds(3), 0, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(0.5), DeliveryPolicy.Backoff(TimeSpan.FromSeconds(1), 0, TimeSpan.FromHours(1), 0.5, 0));
    }

    private Task<DeliveryDecision> RunAsync(DeliveryPolicy policy, ScriptedSender sender, TimeSpan step) =>
        Support.Wait.DriveAsync(Clock, policy.ExecuteAsync("lims", sender.SendAsync).AsTask(), step);
}
