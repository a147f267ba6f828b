using Hematology.Integration.Resilience.Tests.Support;

namespace Hematology.Integration.Resilience.Tests.Pause;

public sealed class HealthCheckResumeTests : EmergencyPauseTestBase
{
    [Theory]
    [InlineData(ResumeMode.HealthCheck)]
    [InlineData(ResumeMode.Either)]
    public async Task TryResumeByHealthCheckAsync_Healthy_Resumes(ResumeMode mode)
    {
        Options.ResumeMode = mode;
        var check = new FakeHealthCheck(healthy: true);
        using var pause = Create(check);
        pause.ReportOutboxDepth(300);

        var resumed = await pause.TryResumeByHealthCheckAsync();

        Assert.True(resumed);
        Assert.False(pause.IsPaused);
        Assert.Equal(1, check.Calls);
        await pause.NotificationsIdle;
        var change = Sink.Changes.Last();
        Assert.Equal(PauseChangeSource.HealthCheck, change.Source);
        Assert.Null(change.Operator);
    }

    [Fact]
    public async Task TryResumeByHealthCheckAsync_OperatorOnlyMode_DoesNotCheck()
    {
        var check = new FakeHealthCheck(healthy: true);
        using var pause = Create(check);
        pause.ReportOutboxDepth(300);

        Assert.False(await pause.TryResumeByHealthCheckAsync());

        Assert.True(pause.IsPaused);
        Assert.Equal(0, check.Calls);
    }

    [Fact]
    public async Task TryResumeByHealthCheckAsync_Unhealthy_StaysPaused()
    {
        Options.ResumeMode = ResumeMode.Either;
        using var pause = Create(new FakeHealthCheck(healthy: false));
        pause.ReportOutboxDepth(300);

        Assert.False(await pause.TryResumeByHealthCheckAsync());

        Assert.True(pause.IsPaused);
        Assert.Single(Logger.WithEvent(6022));
    }

    [Fact]
    public async Task TryResumeByHealthCheckAsync_Throws_StaysPaused()
    {
        Options.ResumeMode = ResumeMode.Either;
        using var pause = Create(new FakeHealthCheck(healthy: true) { Throw = true });
        pause.ReportOutboxDepth(300);

        Assert.False(await pause.TryResumeByHealthCheckAsync());

        Assert.True(pause.IsPaused);
    }

    [Fact]
    public async Task TryResumeByHealthCheckAsync_HangsPastTimeout_StaysPaused()
    {
        Options.ResumeMode = ResumeMode.Either;
        using var pause = Create(new FakeHealthCheck(healthy: true) { Hang = true });
        pause.ReportOutboxDepth(300);

        var attempt = pause.TryResumeByHealthCheckAsync().AsTask();
        Wait.Until(() => Clock.PendingTimers > 0, "the health check timeout");
        Clock.Advance(Options.HealthCheckTimeout);

        Assert.False(await attempt);
        Assert.True(pause.IsPaused);
    }

    [Fact]
    public async Task TryResumeByHealthCheckAsync_NotPaused_ReturnsFalseWithoutChecking()
    {
        Options.ResumeMode = ResumeMode.Either;
        var check = new FakeHealthCheck(healthy: true);
        using var pause = Create(check);

        Assert.False(await pause.TryResumeByHealthCheckAsync());
        Assert.Equal(0, check.Calls);
    }

    [Fact]
    public async Task TryResumeByHealthCheckAsync_NoHealthCheckRegistered_ReturnsFalse()
    {
        Options.ResumeMode = ResumeMode.Either;
        using var pause = Create();
        pause.ReportOutboxDepth(300);

        Assert.False(await pause.TryResumeByHealthCheckAsync());
        Assert.True(pause.IsPaused);
    }

    [Fact]
    public async Task RunHealthChecksAsync_Paused_ProbesEveryIntervalUntilHealthy()
    {
        Options.ResumeMode = ResumeMode.HealthCheck;
        var check = new FakeHealthCheck(healthy: false);
        using var pause = Create(check);
        using var cts = new CancellationTokenSource();
        var loop = pause.RunHealthChecksAsync(cts.Token);

        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, check.Calls);
        pause.ReportOutboxDepth(300);
        Wait.Until(() => Clock.PendingTimers > 0, "the health check interval");
        Clock.Advance(Options.HealthCheckInterval);
        Wait.Until(() => Logger.WithEvent(6022).Count == 1 && Clock.PendingTimers > 0, "the first probe to fail and the next to be scheduled");
        Assert.True(pause.IsPaused);
        check.Healthy = true;
        Clock.Advance(Options.HealthCheckInterval);
        Wait.Until(() => !pause.IsPaused, "the resume");

        Assert.Equal(2, check.Calls);
        await cts.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunHealthChecksAsync_OperatorMode_ReturnsAtOnce()
    {
        using var pause = Create(new FakeHealthCheck(healthy: true));

        await pause.RunHealthChecksAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, Clock.PendingTimers);
    }

    private sealed class FakeHealthCheck(bool healthy) : IPauseHealthCheck
    {
        private int _calls;

        public bool Healthy { get; set; } = healthy;

        public int Calls => Volatile.Read(ref _calls);

        public bool Throw { get; init; }

        public bool Hang { get; init; }

        public async ValueTask<bool> IsHealthyAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (Throw)
            {
                throw new IOException("probe failed");
            }

            if (Hang)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            return Healthy;
        }
    }
}
