using Hematology.Integration.Resilience.Tests.Support;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Resilience.Tests;

/// <summary>The policy, the breaker and the pause together, as a dispatcher uses them (issue 7's scenarios, without the transport).</summary>
public sealed class ScenarioTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingLogger _logger = new();
    private readonly RecordingAlertSink _sink = new();

    [Fact]
    public async Task LimsDownAtStartThenUp_EveryMessageDeliveredInOrderNothingQuarantinedNoPause()
    {
        var policy = new DeliveryPolicy(new DeliveryPolicyOptions(), new CircuitBreakerOptions(), _clock, _logger);
        using var pause = new EmergencyPause(new EmergencyPauseOptions(), _sink, null, [_sink], _clock, _logger);
        var limsUpAt = _clock.GetUtcNow() + TimeSpan.FromMinutes(10);
        var delivered = new List<string>();

        foreach (var controlId in new[] { "MSG-1", "MSG-2", "MSG-3" })
        {
            var decision = await Wait.DriveAsync(_clock, policy.ExecuteAsync("lims", args =>
            {
                var result = _clock.GetUtcNow() < limsUpAt
                    ? ScriptedSender.Result(DeliveryOutcomeKind.ConnectFailed)
                    : ScriptedSender.Result(DeliveryOutcomeKind.Accepted);
                pause.ReportDelivery(args.Destination, result);
                return ValueTask.FromResult(result);
            }, pause.PauseToken).AsTask(), TimeSpan.FromSeconds(1));

            Assert.Equal(DeliveryDecisionKind.Delivered, decision.Kind);
            delivered.Add(controlId);
        }

        Assert.Equal(["MSG-1", "MSG-2", "MSG-3"], delivered);
        Assert.False(pause.IsPaused);
        Assert.True(policy.GetCircuit("lims").TimesOpened > 0);
        Assert.Equal(CircuitState.Closed, policy.GetCircuit("lims").State);
    }

    [Fact]
    public async Task AckTimeoutsUntilPause_InFlightDrained_OperatorResumes_NextMessageDelivered()
    {
        var policy = new DeliveryPolicy(new DeliveryPolicyOptions { JitterFactor = 0 }, new CircuitBreakerOptions(), _clock, _logger);
        using var pause = new EmergencyPause(new EmergencyPauseOptions(), _sink, null, [_sink], _clock, _logger);
        var limsAnswers = false;

        ValueTask<DeliveryResult> SendAsync(DeliveryAttemptArguments args)
        {
            // The transport's own ACK timeout (10 s) elapses on the fake clock before it reports the timeout.
            var result = limsAnswers ? ScriptedSender.Result(DeliveryOutcomeKind.Accepted) : ScriptedSender.Result(DeliveryOutcomeKind.AckTimeout);
            pause.ReportDelivery(args.Destination, result);
            return ValueTask.FromResult(result);
        }

        // Message 1: three timeouts, quarantined under ack_timeout.
        var first = await Wait.DriveAsync(_clock, policy.ExecuteAsync("lims", SendAsync, pause.PauseToken).AsTask());
        Assert.Equal(DeliveryQuarantineReasons.AckTimeout, first.QuarantineReason);
        Assert.False(pause.IsPaused);

        // Message 2: the fifth consecutive timeout pauses; the in-flight execution is cancelled (drained).
        using (var drain = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None, pause.PauseToken))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Wait.DriveAsync(_clock, policy.ExecuteAsync("lims", SendAsync, drain.Token).AsTask()));
        }

        Assert.True(pause.IsPaused);
        Assert.Equal(PauseTrigger.ConsecutiveAckTimeouts, pause.State.Trigger);
        var waiting = pause.WaitWhilePausedAsync().AsTask();
        Assert.False(waiting.IsCompleted);

        // The operator fixes the LIMS and resumes; the dispatcher goes on with the next message.
        limsAnswers = true;
        Assert.True(await pause.ResumeAsync("j.smith", "LIMS interface engine restarted"));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        var third = await Wait.DriveAsync(_clock, policy.ExecuteAsync("lims", SendAsync, pause.PauseToken).AsTask());

        Assert.Equal(DeliveryDecisionKind.Delivered, third.Kind);
        Assert.Single(_sink.Alerts, a => a.Severity == AlertSeverity.Critical);
        Assert.Equal(
            [(true, PauseChangeSource.Automatic, (string?)null), (false, PauseChangeSource.Operator, "j.smith")],
            _sink.Changes.Select(c => (c.Current.IsPaused, c.Source, c.Operator)));
    }
}
