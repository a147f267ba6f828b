using System.Globalization;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Resilience;

/// <summary>Validates every resilience option at once, each error naming its option.</summary>
internal sealed class ResilienceOptionsValidator : IValidateOptions<ResilienceOptions>
{
    public ValidateOptionsResult Validate(string? name, ResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        OptionRules.Delivery(options.Delivery, "Delivery.", errors);
        OptionRules.Breaker(options.CircuitBreaker, "CircuitBreaker.", errors);
        OptionRules.Pause(options.Pause, "Pause.", errors);
        OptionRules.Alerts(options.Alerts, "Alerts.", errors);
        OptionRules.SchedulingLag(options.SchedulingLag, "SchedulingLag.", errors);
        return OptionRules.Result(errors);
    }
}

/// <summary>Validates <see cref="DeliveryPolicyOptions"/>.</summary>
internal sealed class DeliveryPolicyOptionsValidator : IValidateOptions<DeliveryPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        OptionRules.Delivery(options, string.Empty, errors);
        return OptionRules.Result(errors);
    }
}

/// <summary>Validates <see cref="CircuitBreakerOptions"/>.</summary>
internal sealed class CircuitBreakerOptionsValidator : IValidateOptions<CircuitBreakerOptions>
{
    public ValidateOptionsResult Validate(string? name, CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        OptionRules.Breaker(options, string.Empty, errors);
        return OptionRules.Result(errors);
    }
}

/// <summary>Validates <see cref="EmergencyPauseOptions"/>.</summary>
internal sealed class EmergencyPauseOptionsValidator : IValidateOptions<EmergencyPauseOptions>
{
    public ValidateOptionsResult Validate(string? name, EmergencyPauseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        OptionRules.Pause(options, string.Empty, errors);
        return OptionRules.Result(errors);
    }
}

/// <summary>Validates <see cref="AlertOptions"/>.</summary>
internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        OptionRules.Alerts(options, string.Empty, errors);
        return OptionRules.Result(errors);
    }
}

/// <summary>Validates <see cref="SchedulingLagOptions"/>.</summary>
internal sealed class SchedulingLagOptionsValidator : IValidateOptions<SchedulingLagOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingLagOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        OptionRules.SchedulingLag(options, string.Empty, errors);
        return OptionRules.Result(errors);
    }
}

/// <summary>The rules themselves, shared by the per-type validators and the aggregate one.</summary>
internal static class OptionRules
{
    public static ValidateOptionsResult Result(List<string> errors) =>
        errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

    public static void Delivery(DeliveryPolicyOptions o, string prefix, List<string> errors)
    {
        NonNegative(o.AckTimeoutRetries, prefix + nameof(o.AckTimeoutRetries), errors);
        NonNegative(o.ApplicationErrorRetries, prefix + nameof(o.ApplicationErrorRetries), errors);
        NonNegative(o.ProtocolErrorRetries, prefix + nameof(o.ProtocolErrorRetries), errors);
        Delay(o.RetryBaseDelay, prefix + nameof(o.RetryBaseDelay), allowZero: true, errors);
        Delay(o.ConnectionRetryBaseDelay, prefix + nameof(o.ConnectionRetryBaseDelay), allowZero: true, errors);
        Delay(o.MaxConnectionRetryDelay, prefix + nameof(o.MaxConnectionRetryDelay), allowZero: true, errors);
        if (o.MaxConnectionRetryDelay < o.ConnectionRetryBaseDelay)
        {
            errors.Add($"{prefix}{nameof(o.MaxConnectionRetryDelay)} ({Format(o.MaxConnectionRetryDelay)}) must not be shorter than {prefix}{nameof(o.ConnectionRetryBaseDelay)} ({Format(o.ConnectionRetryBaseDelay)}).");
        }

        if (o.MaxConnectionRetries is { } max)
        {
            NonNegative(max, prefix + nameof(o.MaxConnectionRetries), errors);
        }

        if (double.IsNaN(o.JitterFactor) || o.JitterFactor is < 0 or >= 1)
        {
            errors.Add($"{prefix}{nameof(o.JitterFactor)} must be at least 0 and less than 1 (was {o.JitterFactor.ToString(CultureInfo.InvariantCulture)}).");
        }
    }

    public static void Breaker(CircuitBreakerOptions o, string prefix, List<string> errors)
    {
        if (o.FailureThreshold < 1)
        {
            errors.Add($"{prefix}{nameof(o.FailureThreshold)} must be at least 1 (was {o.FailureThreshold.ToString(CultureInfo.InvariantCulture)}).");
        }

        Delay(o.BreakDuration, prefix + nameof(o.BreakDuration), allowZero: false, errors);
    }

    public static void Pause(EmergencyPauseOptions o, string prefix, List<string> errors)
    {
        NonNegative(o.ConsecutiveAckTimeouts, prefix + nameof(o.ConsecutiveAckTimeouts), errors);
        Delay(o.AckTimeoutWindow, prefix + nameof(o.AckTimeoutWindow), allowZero: false, errors);
        NonNegative(o.MaxOutboxDepth, prefix + nameof(o.MaxOutboxDepth), errors);
        if (o.AckLatencyThreshold < TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(o.AckLatencyThreshold)} must not be negative (was {Format(o.AckLatencyThreshold)}).");
        }

        if (o.AckLatencyWindow <= TimeSpan.Zero || o.AckLatencyWindow > TimeSpan.FromDays(1))
        {
            errors.Add($"{prefix}{nameof(o.AckLatencyWindow)} must be more than zero and at most one day (was {Format(o.AckLatencyWindow)}).");
        }

        if (o.AckLatencyMinimumSamples < 1)
        {
            errors.Add($"{prefix}{nameof(o.AckLatencyMinimumSamples)} must be at least 1 (was {o.AckLatencyMinimumSamples.ToString(CultureInfo.InvariantCulture)}).");
        }

        NonNegative(o.ConsecutiveValidationFailures, prefix + nameof(o.ConsecutiveValidationFailures), errors);
        if (!Enum.IsDefined(o.ResumeMode))
        {
            errors.Add($"{prefix}{nameof(o.ResumeMode)} must be Operator, HealthCheck or Either (was {(int)o.ResumeMode}).");
        }

        Delay(o.HealthCheckInterval, prefix + nameof(o.HealthCheckInterval), allowZero: false, errors);
        Delay(o.HealthCheckTimeout, prefix + nameof(o.HealthCheckTimeout), allowZero: false, errors);
    }

    public static void Alerts(AlertOptions o, string prefix, List<string> errors)
    {
        if (o.WebhookUrl is { } url
            && (!url.IsAbsoluteUri || (!string.Equals(url.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) && !string.Equals(url.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal))))
        {
            errors.Add($"{prefix}{nameof(o.WebhookUrl)} must be an absolute http or https URL.");
        }

        Delay(o.WebhookTimeout, prefix + nameof(o.WebhookTimeout), allowZero: false, errors);
        if (o.Command is not null && string.IsNullOrWhiteSpace(o.Command))
        {
            errors.Add($"{prefix}{nameof(o.Command)} must name an executable when set.");
        }

        if (o.CommandArguments.Any(a => a is null))
        {
            errors.Add($"{prefix}{nameof(o.CommandArguments)} must not contain null entries.");
        }

        Delay(o.CommandTimeout, prefix + nameof(o.CommandTimeout), allowZero: false, errors);
    }

    public static void SchedulingLag(SchedulingLagOptions o, string prefix, List<string> errors)
    {
        if (o.Interval < TimeSpan.FromMilliseconds(10) || o.Interval > ResilienceDefaults.MaxDelay)
        {
            errors.Add($"{prefix}{nameof(o.Interval)} must be between 10 ms and 1 hour (was {Format(o.Interval)}).");
        }

        Delay(o.WarningThreshold, prefix + nameof(o.WarningThreshold), allowZero: false, errors);
    }

    private static void NonNegative(int value, string name, List<string> errors)
    {
        if (value < 0)
        {
            errors.Add($"{name} must not be negative (was {value.ToString(CultureInfo.InvariantCulture)}).");
        }
    }

    private static void Delay(TimeSpan value, string name, bool allowZero, List<string> errors)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value > ResilienceDefaults.MaxDelay)
        {
            var lower = allowZero ? "zero or more" : "more than zero";
            errors.Add($"{name} must be {lower} and at most 1 hour (was {Format(value)}).");
        }
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
