namespace Hematology.Integration.Resilience.Tests.Pause;

public sealed class PauseTriggerTests : EmergencyPauseTestBase
{
    [Fact]
    public async Task ReportDelivery_FiveConsecutiveAckTimeoutsWithin60s_Pauses()
    {
        using var pause = Create();

        for (var i = 0; i < 5; i++)
        {
            Assert.False(pause.IsPaused);
            pause.ReportDelivery("lims", AckTimeout());
            Clock.Advance(TimeSpan.FromSeconds(14));
        }

        Assert.True(pause.IsPaused);
        Assert.Equal(PauseTrigger.ConsecutiveAckTimeouts, pause.State.Trigger);
        Assert.True(pause.PauseToken.IsCancellationRequested);
        await pause.NotificationsIdle;
        Assert.Single(Sink.Alerts, a => a.Severity == AlertSeverity.Critical);
    }

    [Fact]
    public void ReportDelivery_FourConsecutiveAckTimeouts_DoesNotPause()
    {
        using var pause = Create();

        for (var i = 0; i < 4; i++)
        {
            pause.ReportDelivery("lims", AckTimeout());
        }

        Assert.False(pause.IsPaused);
        Assert.Equal(4, pause.Observations.MaxConsecutiveAckTimeouts);
    }

    [Fact]
    public void ReportDelivery_FiveTimeoutsSpreadOverMoreThan60s_DoesNotPause()
    {
        using var pause = Create();

        for (var i = 0; i < 5; i++)
        {
            pause.ReportDelivery("lims", AckTimeout());
            Clock.Advance(TimeSpan.FromSeconds(16));
        }

        Assert.False(pause.IsPaused);
    }

    [Fact]
    public void ReportDelivery_AckBetweenTimeouts_ResetsTheRun()
    {
        using var pause = Create();

        for (var i = 0; i < 4; i++)
        {
            pause.ReportDelivery("lims", AckTimeout());
        }

        pause.ReportDelivery("lims", Ack(0.1));
        for (var i = 0; i < 4; i++)
        {
            pause.ReportDelivery("lims", AckTimeout());
        }

        Assert.False(pause.IsPaused);
    }

    [Fact]
    public void ReportDelivery_ConnectionFailuresBetweenTimeouts_DoNotResetTheRun()
    {
        using var pause = Create();

        for (var i = 0; i < 5; i++)
        {
            pause.ReportDelivery("lims", AckTimeout());
            pause.ReportDelivery("lims", Support.ScriptedSender.Result(DeliveryOutcomeKind.ConnectFailed));
        }

        Assert.True(pause.IsPaused);
    }

    [Fact]
    public void ReportDelivery_TimeoutsSplitOverDestinations_CountedPerDestination()
    {
        using var pause = Create();

        for (var i = 0; i < 4; i++)
        {
            pause.ReportDelivery("lims-a", AckTimeout());
            pause.ReportDelivery("lims-b", AckTimeout());
        }

        Assert.False(pause.IsPaused);
    }

    [Fact]
    public void ReportOutboxDepth_201_Pauses()
    {
        using var pause = Create();

        pause.ReportOutboxDepth(201);

        Assert.True(pause.IsPaused);
        Assert.Equal(PauseTrigger.OutboxDepth, pause.State.Trigger);
        Assert.Contains("201", pause.State.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportOutboxDepth_200_DoesNotPause()
    {
        using var pause = Create();

        pause.ReportOutboxDepth(200);

        Assert.False(pause.IsPaused);
        Assert.Equal(200, pause.Observations.OutboxDepth);
    }

    [Fact]
    public void ReportDelivery_MeanLatencyAbove8s_Pauses()
    {
        using var pause = Create();

        foreach (var seconds in new[] { 7.0, 9.0, 8.0, 8.0, 8.1 })
        {
            pause.ReportDelivery("lims", Ack(seconds));
            Clock.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.True(pause.IsPaused);
        Assert.Equal(PauseTrigger.AckLatency, pause.State.Trigger);
    }

    [Fact]
    public void ReportDelivery_MeanLatencyExactly8s_DoesNotPause()
    {
        using var pause = Create();

        foreach (var seconds in new[] { 7.0, 9.0, 8.0, 8.0, 8.0, 8.0 })
        {
            pause.ReportDelivery("lims", Ack(seconds));
            Clock.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.False(pause.IsPaused);
        Assert.Equal(TimeSpan.FromSeconds(8), pause.Observations.MaxMeanAckLatency);
    }

    [Fact]
    public void ReportDelivery_FewerSamplesThanMinimum_DoesNotPause()
    {
        using var pause = Create();

        for (var i = 0; i < Options.AckLatencyMinimumSamples - 1; i++)
        {
            pause.ReportDelivery("lims", Ack(30));
        }

        Assert.False(pause.IsPaused);
    }

    [Fact]
    public void ReportDelivery_SlowAcksOlderThanWindow_Forgotten()
    {
        using var pause = Create();
        for (var i = 0; i < 4; i++)
        {
            pause.ReportDelivery("lims", Ack(30));
        }

        Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        pause.ReportDelivery("lims", Ack(1));
        for (var i = 0; i < 4; i++)
        {
            pause.ReportDelivery("lims", Ack(1));
        }

        Assert.False(pause.IsPaused);
        Assert.Equal(TimeSpan.FromSeconds(1), pause.Observations.MaxMeanAckLatency);
    }

    [Fact]
    public void ReportValidation_FiveConsecutiveFailures_Pauses()
    {
        using var pause = Create();

        for (var i = 0; i < 5; i++)
        {
            Assert.False(pause.IsPaused);
            pause.ReportValidation(succeeded: false);
        }

        Assert.True(pause.IsPaused);
        Assert.Equal(PauseTrigger.ValidationFailures, pause.State.Trigger);
    }

    [Fact]
    public void ReportValidation_FourFailuresThenSuccessThenFour_DoesNotPause()
    {
        using var pause = Create();

        for (var i = 0; i < 4; i++)
        {
            pause.ReportValidation(succeeded: false);
        }

        pause.ReportValidation(succeeded: true);
        for (var i = 0; i < 4; i++)
        {
            pause.ReportValidation(succeeded: false);
        }

        Assert.False(pause.IsPaused);
        Assert.Equal(4, pause.Observations.ConsecutiveValidationFailures);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void ReportValidation_ConfiguredThreshold_PausesAtThresholdNotBefore(int threshold)
    {
        Options.ConsecutiveValidationFailures = threshold;
        using var pause = Create();

        for (var i = 0; i < threshold - 1; i++)
        {
            pause.ReportValidation(succeeded: false);
        }

        Assert.False(pause.IsPaused);
        pause.ReportValidation(succeeded: false);
        Assert.True(pause.IsPaused);
    }

    [Fact]
    public void Triggers_ThresholdZero_Disabled()
    {
        Options.ConsecutiveAckTimeouts = 0;
        Options.MaxOutboxDepth = 0;
        Options.AckLatencyThreshold = TimeSpan.Zero;
        Options.ConsecutiveValidationFailures = 0;
        using var pause = Create();

        for (var i = 0; i < 20; i++)
        {
            pause.ReportDelivery("lims", AckTimeout());
            pause.ReportDelivery("lims", Ack(60));
            pause.ReportValidation(succeeded: false);
        }

        pause.ReportOutboxDepth(100_000);

        Assert.False(pause.IsPaused);
    }

    [Fact]
    public async Task Triggers_WhilePaused_AlertOnlyOncePerPause()
    {
        using var pause = Create();

        pause.ReportOutboxDepth(500);
        for (var i = 0; i < 10; i++)
        {
            pause.ReportDelivery("lims", AckTimeout());
            pause.ReportValidation(succeeded: false);
        }

        await pause.NotificationsIdle;
        Assert.Single(Sink.Alerts);
        Assert.Equal(PauseTrigger.OutboxDepth, pause.State.Trigger);
        Assert.Equal(1, pause.Observations.PauseCount);
        Assert.Single(Logger.WithEvent(6020));
    }
}
