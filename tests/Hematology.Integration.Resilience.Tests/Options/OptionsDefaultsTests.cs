namespace Hematology.Integration.Resilience.Tests.Options;

public sealed class OptionsDefaultsTests
{
    [Fact]
    public void DeliveryPolicyOptions_Defaults_FromSourceDesign()
    {
        var options = new DeliveryPolicyOptions();

        Assert.Equal(2, options.AckTimeoutRetries);
        Assert.Equal(2, options.ApplicationErrorRetries);
        Assert.Equal(2, options.ProtocolErrorRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ConnectionRetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxConnectionRetryDelay);
        Assert.Null(options.MaxConnectionRetries);
        Assert.Equal(0.2, options.JitterFactor);
    }

    [Fact]
    public void CircuitBreakerOptions_Defaults()
    {
        var options = new CircuitBreakerOptions();

        Assert.Equal(5, options.FailureThreshold);
        Assert.Equal(TimeSpan.FromSeconds(30), options.BreakDuration);
    }

    [Fact]
    public void EmergencyPauseOptions_Defaults_FromSourceDesign()
    {
        var options = new EmergencyPauseOptions();

        Assert.Equal(5, options.ConsecutiveAckTimeouts);
        Assert.Equal(TimeSpan.FromSeconds(60), options.AckTimeoutWindow);
        Assert.Equal(200, options.MaxOutboxDepth);
        Assert.Equal(TimeSpan.FromSeconds(8), options.AckLatencyThreshold);
        Assert.Equal(TimeSpan.FromMinutes(5), options.AckLatencyWindow);
        Assert.Equal(5, options.AckLatencyMinimumSamples);
        Assert.Equal(5, options.ConsecutiveValidationFailures);
        Assert.Equal(ResumeMode.Operator, options.ResumeMode);
        Assert.Equal(TimeSpan.FromSeconds(10), options.HealthCheckTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.HealthCheckInterval);
    }

    [Fact]
    public void AlertOptions_Defaults_LogOnly()
    {
        var options = new AlertOptions();

        Assert.Null(options.WebhookUrl);
        Assert.Equal(TimeSpan.FromSeconds(10), options.WebhookTimeout);
        Assert.Null(options.Command);
        Assert.Empty(options.CommandArguments);
        Assert.Equal(TimeSpan.FromSeconds(10), options.CommandTimeout);
    }

    [Fact]
    public void SchedulingLagOptions_Defaults()
    {
        var options = new SchedulingLagOptions();

        Assert.True(options.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.WarningThreshold);
    }

    [Fact]
    public void ResilienceOptions_Defaults_NestedOptionsPresentAndValid()
    {
        var options = new ResilienceOptions();

        Assert.Equal("Resilience", ResilienceOptions.SectionName);
        Assert.NotNull(options.Delivery);
        Assert.NotNull(options.CircuitBreaker);
        Assert.NotNull(options.Pause);
        Assert.NotNull(options.Alerts);
        Assert.NotNull(options.SchedulingLag);
        Assert.True(new ResilienceOptionsValidator().Validate(null, options).Succeeded);
    }
}
