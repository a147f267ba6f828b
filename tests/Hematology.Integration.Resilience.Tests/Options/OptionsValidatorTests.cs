using Microsoft.Extensions.Options;

namespace Hematology.Integration.Resilience.Tests.Options;

public sealed class OptionsValidatorTests
{
    public static TheoryData<string, Action<DeliveryPolicyOptions>> InvalidDelivery => new()
    {
        { "AckTimeoutRetries", o => o.AckTimeoutRetries = -1 },
        { "ApplicationErrorRetries", o => o.ApplicationErrorRetries = -1 },
        { "ProtocolErrorRetries", o => o.ProtocolErrorRetries = -2 },
        { "RetryBaseDelay", o => o.RetryBaseDelay = TimeSpan.FromSeconds(-1) },
        { "RetryBaseDelay", o => o.RetryBaseDelay = TimeSpan.FromHours(2) },
        { "ConnectionRetryBaseDelay", o => o.ConnectionRetryBaseDelay = TimeSpan.FromSeconds(-1) },
        { "MaxConnectionRetryDelay", o => o.MaxConnectionRetryDelay = TimeSpan.FromMilliseconds(500) },
        { "MaxConnectionRetries", o => o.MaxConnectionRetries = -1 },
        { "JitterFactor", o => o.JitterFactor = -0.1 },
        { "JitterFactor", o => o.JitterFactor = 1 },
        { "JitterFactor", o => o.JitterFactor = double.NaN },
    };

    public static TheoryData<string, Action<EmergencyPauseOptions>> InvalidPause => new()
    {
        { "ConsecutiveAckTimeouts", o => o.ConsecutiveAckTimeouts = -1 },
        { "AckTimeoutWindow", o => o.AckTimeoutWindow = TimeSpan.Zero },
        { "MaxOutboxDepth", o => o.MaxOutboxDepth = -1 },
        { "AckLatencyThreshold", o => o.AckLatencyThreshold = TimeSpan.FromSeconds(-1) },
        { "AckLatencyWindow", o => o.AckLatencyWindow = TimeSpan.Zero },
        { "AckLatencyMinimumSamples", o => o.AckLatencyMinimumSamples = 0 },
        { "ConsecutiveValidationFailures", o => o.ConsecutiveValidationFailures = -1 },
        { "ResumeMode", o => o.ResumeMode = (ResumeMode)42 },
        { "HealthCheckTimeout", o => o.HealthCheckTimeout = TimeSpan.Zero },
        { "HealthCheckInterval", o => o.HealthCheckInterval = TimeSpan.FromSeconds(-1) },
    };

    public static TheoryData<string, Action<AlertOptions>> InvalidAlerts => new()
    {
        { "WebhookUrl", o => o.WebhookUrl = new Uri("ftp://alerts.example.test/") },
        { "WebhookUrl", o => o.WebhookUrl = new Uri("/relative", UriKind.Relative) },
        { "WebhookTimeout", o => o.WebhookTimeout = TimeSpan.Zero },
        { "Command", o => o.Command = "  " },
        { "CommandArguments", o => o.CommandArguments.Add(null!) },
        { "CommandTimeout", o => o.CommandTimeout = TimeSpan.FromSeconds(-5) },
    };

    [Theory]
    [MemberData(nameof(InvalidDelivery))]
    public void DeliveryPolicyOptionsValidator_Invalid_NamesTheOption(string option, Action<DeliveryPolicyOptions> change)
    {
        var options = new DeliveryPolicyOptions();
        change(options);

        var result = new DeliveryPolicyOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(option, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 0, 0, 0.0)]
    [InlineData(10, 0, 100, 0.99)]
    [InlineData(2, 5, null, 0.33)]
    public void DeliveryPolicyOptionsValidator_Valid_Succeeds(int ackRetries, int aeRetries, int? maxConnectionRetries, double jitter)
    {
        var options = new DeliveryPolicyOptions
        {
            AckTimeoutRetries = ackRetries,
            ApplicationErrorRetries = aeRetries,
            MaxConnectionRetries = maxConnectionRetries,
            JitterFactor = jitter,
            RetryBaseDelay = TimeSpan.Zero,
        };

        Assert.True(new DeliveryPolicyOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(0, 30)]
    [InlineData(5, 0)]
    [InlineData(5, 7200)]
    public void CircuitBreakerOptionsValidator_Invalid_Fails(int threshold, int breakSeconds)
    {
        var options = new CircuitBreakerOptions { FailureThreshold = threshold, BreakDuration = TimeSpan.FromSeconds(breakSeconds) };

        var result = new CircuitBreakerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Single(result.Failures!);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(100, 3600)]
    public void CircuitBreakerOptionsValidator_Valid_Succeeds(int threshold, int breakSeconds)
    {
        var options = new CircuitBreakerOptions { FailureThreshold = threshold, BreakDuration = TimeSpan.FromSeconds(breakSeconds) };

        Assert.True(new CircuitBreakerOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [MemberData(nameof(InvalidPause))]
    public void EmergencyPauseOptionsValidator_Invalid_NamesTheOption(string option, Action<EmergencyPauseOptions> change)
    {
        var options = new EmergencyPauseOptions();
        change(options);

        var result = new EmergencyPauseOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(option, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ResumeMode.Operator)]
    [InlineData(ResumeMode.HealthCheck)]
    [InlineData(ResumeMode.Either)]
    public void EmergencyPauseOptionsValidator_Valid_Succeeds(ResumeMode mode)
    {
        var options = new EmergencyPauseOptions { ResumeMode = mode, ConsecutiveAckTimeouts = 0, MaxOutboxDepth = 0, AckLatencyThreshold = TimeSpan.Zero };

        Assert.True(new EmergencyPauseOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [MemberData(nameof(InvalidAlerts))]
    public void AlertOptionsValidator_Invalid_NamesTheOption(string option, Action<AlertOptions> change)
    {
        var options = new AlertOptions();
        change(options);

        var result = new AlertOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(option, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://alerts.example.test/hook", "/usr/local/bin/notify")]
    [InlineData("http://127.0.0.1:8080/", null)]
    [InlineData(null, null)]
    public void AlertOptionsValidator_Valid_Succeeds(string? url, string? command)
    {
        var options = new AlertOptions { WebhookUrl = url is null ? null : new Uri(url), Command = command };

        Assert.True(new AlertOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(5, 200)]
    [InlineData(1000, 0)]
    [InlineData(7_200_000, 200)]
    public void SchedulingLagOptionsValidator_Invalid_Fails(int intervalMs, int thresholdMs)
    {
        var options = new SchedulingLagOptions { Interval = TimeSpan.FromMilliseconds(intervalMs), WarningThreshold = TimeSpan.FromMilliseconds(thresholdMs) };

        Assert.True(new SchedulingLagOptionsValidator().Validate(null, options).Failed);
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(1000, 200)]
    public void SchedulingLagOptionsValidator_Valid_Succeeds(int intervalMs, int thresholdMs)
    {
        var options = new SchedulingLagOptions { Interval = TimeSpan.FromMilliseconds(intervalMs), WarningThreshold = TimeSpan.FromMilliseconds(thresholdMs) };

        Assert.True(new SchedulingLagOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void ResilienceOptionsValidator_ManyErrors_ReportsEveryOneWithItsSection()
    {
        var options = new ResilienceOptions();
        options.Delivery.AckTimeoutRetries = -1;
        options.CircuitBreaker.FailureThreshold = 0;
        options.Pause.MaxOutboxDepth = -5;
        options.Alerts.WebhookTimeout = TimeSpan.Zero;
        options.SchedulingLag.WarningThreshold = TimeSpan.Zero;

        var result = new ResilienceOptionsValidator().Validate(null, options);

        Assert.Equal(
            ["Delivery.AckTimeoutRetries", "CircuitBreaker.FailureThreshold", "Pause.MaxOutboxDepth", "Alerts.WebhookTimeout", "SchedulingLag.WarningThreshold"],
            result.Failures!.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]));
    }

    [Fact]
    public void Factory_InvalidOptions_ThrowsWithEveryError()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => ResilienceFactory.CreateDeliveryPolicy(
            new DeliveryPolicyOptions { AckTimeoutRetries = -1, JitterFactor = 2 },
            new CircuitBreakerOptions { FailureThreshold = 0 }));

        Assert.Equal(3, ex.Failures.Count());
    }

    [Fact]
    public void Factory_InvalidPauseOptions_Throws()
    {
        Assert.Throws<OptionsValidationException>(() => ResilienceFactory.CreateEmergencyPause(new EmergencyPauseOptions { AckTimeoutWindow = TimeSpan.Zero }));
        Assert.Throws<OptionsValidationException>(() => ResilienceFactory.CreateSchedulingLagMonitor(new SchedulingLagOptions { Interval = TimeSpan.Zero }));
    }
}
