using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Resilience;

/// <summary>Creates the resilience components without dependency injection. Options are validated first.</summary>
public static class ResilienceFactory
{
    /// <summary>Creates the delivery policy, with a circuit breaker per destination.</summary>
    /// <param name="options">The delivery options.</param>
    /// <param name="breakerOptions">The circuit breaker options.</param>
    /// <param name="timeProvider">The clock for backoff and the breaker; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; none when <see langword="null"/>.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="OptionsValidationException">An option is invalid (every error is listed).</exception>
    public static IDeliveryPolicy CreateDeliveryPolicy(
        DeliveryPolicyOptions options,
        CircuitBreakerOptions breakerOptions,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(breakerOptions);
        var errors = new List<string>();
        OptionRules.Delivery(options, string.Empty, errors);
        OptionRules.Breaker(breakerOptions, "CircuitBreaker.", errors);
        ThrowIfInvalid<DeliveryPolicyOptions>(errors);
        return new DeliveryPolicy(options, breakerOptions, timeProvider ?? TimeProvider.System, Logger(loggerFactory, typeof(DeliveryPolicy)));
    }

    /// <summary>Creates the emergency pause.</summary>
    /// <param name="options">The pause options.</param>
    /// <param name="alertSink">Where the pause alert goes; the log when <see langword="null"/>.</param>
    /// <param name="healthCheck">The health check that may lift a pause (see <see cref="EmergencyPauseOptions.ResumeMode"/>), or <see langword="null"/>.</param>
    /// <param name="listeners">Receivers of every state change (audit, metrics), or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; none when <see langword="null"/>.</param>
    /// <returns>The emergency pause, running.</returns>
    /// <exception cref="OptionsValidationException">An option is invalid (every error is listed).</exception>
    public static IEmergencyPause CreateEmergencyPause(
        EmergencyPauseOptions options,
        IAlertSink? alertSink = null,
        IPauseHealthCheck? healthCheck = null,
        IEnumerable<IPauseListener>? listeners = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        OptionRules.Pause(options, string.Empty, errors);
        ThrowIfInvalid<EmergencyPauseOptions>(errors);
        var logger = Logger(loggerFactory, typeof(EmergencyPause));
        return new EmergencyPause(options, alertSink ?? new LoggerAlertSink(Logger(loggerFactory, typeof(LoggerAlertSink))), healthCheck, listeners, timeProvider ?? TimeProvider.System, logger);
    }

    /// <summary>Creates the scheduling-lag monitor.</summary>
    /// <param name="options">The monitor options.</param>
    /// <param name="onSample">Called with every measurement (a metrics hook), or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; none when <see langword="null"/>.</param>
    /// <returns>The monitor; call <see cref="ISchedulingLagMonitor.RunAsync"/> to start it.</returns>
    /// <exception cref="OptionsValidationException">An option is invalid (every error is listed).</exception>
    public static ISchedulingLagMonitor CreateSchedulingLagMonitor(
        SchedulingLagOptions options,
        Func<SchedulingLagSample, ValueTask>? onSample = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        OptionRules.SchedulingLag(options, string.Empty, errors);
        ThrowIfInvalid<SchedulingLagOptions>(errors);
        return new SchedulingLagMonitor(options, timeProvider ?? TimeProvider.System, Logger(loggerFactory, typeof(SchedulingLagMonitor)), onSample);
    }

    internal static ILogger Logger(ILoggerFactory? loggerFactory, Type category) =>
        (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(category.FullName ?? category.Name);

    internal static void ThrowIfInvalid<TOptions>(List<string> errors)
    {
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(typeof(TOptions).Name, typeof(TOptions), errors);
        }
    }
}
