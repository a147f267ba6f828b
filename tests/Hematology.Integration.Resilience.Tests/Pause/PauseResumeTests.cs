using Hematology.Integration.Resilience.Tests.Support;

namespace Hematology.Integration.Resilience.Tests.Pause;

public sealed class PauseResumeTests : EmergencyPauseTestBase
{
    [Fact]
    public async Task PauseAsync_Operator_PausesWithOperatorAndReason()
    {
        using var pause = Create();

        var paused = await pause.PauseAsync("j.smith", "LIMS maintenance window");

        Assert.True(paused);
        Assert.Equal(
            new PauseState { IsPaused = true, Trigger = PauseTrigger.Manual, Reason = "LIMS maintenance window", Operator = "j.smith", Since = Clock.GetUtcNow() },
            pause.State);
        var change = Assert.Single(Sink.Changes);
        Assert.Equal(PauseChangeSource.Operator, change.Source);
        Assert.Equal("j.smith", change.Operator);
        Assert.Single(Sink.Alerts, a => a.Severity == AlertSeverity.Critical && a.Code == "pause.Manual");
    }

    [Fact]
    public async Task PauseAsync_AlreadyPaused_ReturnsFalseAndKeepsFirstReason()
    {
        using var pause = Create();
        pause.ReportOutboxDepth(300);

        var paused = await pause.PauseAsync("j.smith", "second");

        Assert.False(paused);
        Assert.Equal(PauseTrigger.OutboxDepth, pause.State.Trigger);
    }

    [Theory]
    [InlineData(null, "reason")]
    [InlineData("", "reason")]
    [InlineData("  ", "reason")]
    [InlineData("j.smith", null)]
    [InlineData("j.smith", "")]
    [InlineData("j.smith", " ")]
    public async Task ResumeAsync_MissingOperatorOrReason_ThrowsAndStaysPaused(string? operatorName, string? reason)
    {
        using var pause = Create();
        await pause.PauseAsync("a", "b");

        await Assert.ThrowsAnyAsync<ArgumentException>(() => pause.ResumeAsync(operatorName!, reason!).AsTask());

        Assert.True(pause.IsPaused);
    }

    [Theory]
    [InlineData(null, "reason")]
    [InlineData("", "reason")]
    [InlineData("j.smith", "")]
    public async Task PauseAsync_MissingOperatorOrReason_Throws(string? operatorName, string? reason)
    {
        using var pause = Create();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => pause.PauseAsync(operatorName!, reason!).AsTask());

        Assert.False(pause.IsPaused);
    }

    [Fact]
    public async Task ResumeAsync_Operator_RunsAgainAndNotifiesInOrder()
    {
        using var pause = Create();
        pause.ReportValidation(false);
        for (var i = 0; i < 5; i++)
        {
            pause.ReportDelivery("lims", AckTimeout());
        }

        Clock.Advance(TimeSpan.FromMinutes(3));

        var resumed = await pause.ResumeAsync("j.smith", "LIMS restarted, ACKs verified");

        Assert.True(resumed);
        Assert.False(pause.IsPaused);
        Assert.Same(PauseState.Running, pause.State);
        Assert.False(pause.PauseToken.IsCancellationRequested);
        var changes = Sink.Changes.ToArray();
        Assert.Equal(2, changes.Length);
        Assert.True(changes[0].Current.IsPaused);
        Assert.False(changes[1].Current.IsPaused);
        Assert.Equal("LIMS restarted, ACKs verified", changes[1].Reason);
        Assert.Equal("j.smith", changes[1].Operator);
        Assert.Equal(PauseTrigger.ConsecutiveAckTimeouts, changes[1].Previous.Trigger);
        Assert.Equal([AlertSeverity.Critical, AlertSeverity.Information], Sink.Alerts.Select(a => a.Severity));
        Assert.Single(Logger.WithEvent(6021));
    }

    [Fact]
    public async Task ResumeAsync_NotPaused_ReturnsFalse()
    {
        using var pause = Create();

        Assert.False(await pause.ResumeAsync("j.smith", "nothing to do"));
        Assert.Empty(Sink.Changes);
    }

    [Fact]
    public async Task ResumeAsync_HealthCheckOnlyMode_Refused()
    {
        Options.ResumeMode = ResumeMode.HealthCheck;
        using var pause = Create();
        await pause.PauseAsync("a", "b");

        await Assert.ThrowsAsync<InvalidOperationException>(() => pause.ResumeAsync("j.smith", "try").AsTask());

        Assert.True(pause.IsPaused);
    }

    [Fact]
    public async Task ResumeAsync_AfterResume_TriggersStartAfresh()
    {
        using var pause = Create();
        for (var i = 0; i < 5; i++)
        {
            pause.ReportDelivery("lims", AckTimeout());
        }

        await pause.ResumeAsync("j.smith", "fixed");
        for (var i = 0; i < 4; i++)
        {
            pause.ReportDelivery("lims", AckTimeout());
        }

        Assert.False(pause.IsPaused);
        pause.ReportDelivery("lims", AckTimeout());
        Assert.True(pause.IsPaused);
        Assert.Equal(2, pause.Observations.PauseCount);
    }

    [Fact]
    public async Task ResumeAsync_OutboxStillDeep_DoesNotPauseAgainUntilItDrained()
    {
        using var pause = Create();
        pause.ReportOutboxDepth(250);

        await pause.ResumeAsync("j.smith", "drain the backlog");
        pause.ReportOutboxDepth(249);
        Assert.False(pause.IsPaused);
        pause.ReportOutboxDepth(150);
        pause.ReportOutboxDepth(201);

        Assert.True(pause.IsPaused);
    }

    [Fact]
    public async Task WaitWhilePausedAsync_Paused_CompletesOnResume()
    {
        using var pause = Create();
        Assert.True(pause.WaitWhilePausedAsync().AsTask().IsCompleted);
        await pause.PauseAsync("a", "b");

        var waiting = pause.WaitWhilePausedAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        await pause.ResumeAsync("a", "c");

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(waiting.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitWhilePausedAsync_Cancelled_Throws()
    {
        using var pause = Create();
        await pause.PauseAsync("a", "b");
        using var cts = new CancellationTokenSource();

        var waiting = pause.WaitWhilePausedAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task PauseToken_TakenBeforePause_CancelledWhenPauseBegins()
    {
        using var pause = Create();
        var token = pause.PauseToken;

        pause.ReportOutboxDepth(1000);
        await pause.NotificationsIdle;

        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public async Task Notifications_FailingSinkAndListener_PauseStillEffective()
    {
        var failing = new RecordingAlertSink { Throw = new InvalidOperationException("down") };
        using var pause = Create(alerts: failing, listeners: [failing, Sink]);

        pause.ReportOutboxDepth(1000);
        await pause.NotificationsIdle;

        Assert.True(pause.IsPaused);
        Assert.Single(Sink.Changes);
        Assert.Single(Logger.WithEvent(6031));
        Assert.Single(Logger.WithEvent(6023));
    }

    [Fact]
    public async Task Alert_OnPause_CarriesTriggerAndNoPatientData()
    {
        using var pause = Create();

        pause.ReportValidation(false);
        pause.ReportValidation(false);
        pause.ReportValidation(false);
        pause.ReportValidation(false);
        pause.ReportValidation(false);
        await pause.NotificationsIdle;

        var alert = Assert.Single(Sink.Alerts);
        Assert.Equal("pause.ValidationFailures", alert.Code);
        Assert.Equal(Clock.GetUtcNow(), alert.Timestamp);
        Assert.Contains("5 consecutive files failed validation", alert.Detail, StringComparison.Ordinal);
    }
}
