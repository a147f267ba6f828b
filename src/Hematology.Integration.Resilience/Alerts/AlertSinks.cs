using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Resilience;

/// <summary>Creates the built-in alert sinks.</summary>
public static class AlertSinks
{
    /// <summary>Creates a sink that writes alerts to the log (critical alerts at critical level, EventId 6030).</summary>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <returns>The sink.</returns>
    public static IAlertSink Logger(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return new LoggerAlertSink(ResilienceFactory.Logger(loggerFactory, typeof(LoggerAlertSink)));
    }

    /// <summary>Creates a sink that posts each alert as JSON (<c>source, severity, title, detail, code, timestamp</c>) to a URL.</summary>
    /// <param name="httpClient">The client (for example from <c>IHttpClientFactory</c>); the sink does not dispose it.</param>
    /// <param name="url">The absolute http or https URL.</param>
    /// <param name="timeout">How long one call may take; 10 seconds when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for the timeout; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>The sink; a non-success status or a timeout faults <see cref="IAlertSink.AlertAsync"/>.</returns>
    public static IAlertSink Webhook(HttpClient httpClient, Uri url, TimeSpan? timeout = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(url);
        var options = new AlertOptions { WebhookUrl = url, WebhookTimeout = timeout ?? ResilienceDefaults.WebhookTimeout };
        Validate(options);
        return new WebhookAlertSink(httpClient, url, options.WebhookTimeout, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Creates a sink that runs an executable per alert, with the alert as JSON on its standard input.</summary>
    /// <param name="command">The executable.</param>
    /// <param name="arguments">Its arguments, one per element (no shell parsing); none when <see langword="null"/>.</param>
    /// <param name="timeout">How long it may run before it is killed; 10 seconds when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for the timeout; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>The sink; a non-zero exit code or a timeout faults <see cref="IAlertSink.AlertAsync"/>.</returns>
    public static IAlertSink Command(string command, IEnumerable<string>? arguments = null, TimeSpan? timeout = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var options = new AlertOptions { Command = command, CommandTimeout = timeout ?? ResilienceDefaults.CommandTimeout };
        foreach (var argument in arguments ?? [])
        {
            options.CommandArguments.Add(argument);
        }

        Validate(options);
        return new CommandAlertSink(command, [.. options.CommandArguments], options.CommandTimeout, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Creates a sink that sends each alert to all of <paramref name="sinks"/>; a failing sink is logged and never stops the others.</summary>
    /// <param name="sinks">The sinks.</param>
    /// <param name="loggerFactory">Logs sink failures; none when <see langword="null"/>.</param>
    /// <returns>The composite sink.</returns>
    public static IAlertSink Composite(IEnumerable<IAlertSink> sinks, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        IAlertSink[] all = [.. sinks];
        if (all.Any(s => s is null))
        {
            throw new ArgumentException("The sinks must not contain null.", nameof(sinks));
        }

        return new CompositeAlertSink(all, ResilienceFactory.Logger(loggerFactory, typeof(CompositeAlertSink)));
    }

    /// <summary>Creates the configured sinks: the log always, plus the webhook and the command when configured, in one composite.</summary>
    /// <param name="options">The alert options.</param>
    /// <param name="httpClient">The client for the webhook; required when <see cref="AlertOptions.WebhookUrl"/> is set.</param>
    /// <param name="timeProvider">The clock for the timeouts; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; none when <see langword="null"/>.</param>
    /// <returns>The composite sink.</returns>
    /// <exception cref="OptionsValidationException">An option is invalid (every error is listed).</exception>
    public static IAlertSink FromOptions(AlertOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var clock = timeProvider ?? TimeProvider.System;
        var sinks = new List<IAlertSink> { new LoggerAlertSink(ResilienceFactory.Logger(loggerFactory, typeof(LoggerAlertSink))) };
        if (options.WebhookUrl is { } url)
        {
            if (httpClient is null)
            {
                throw new ArgumentNullException(nameof(httpClient), "An HttpClient is required when Alerts.WebhookUrl is set.");
            }

            sinks.Add(new WebhookAlertSink(httpClient, url, options.WebhookTimeout, clock));
        }

        if (options.Command is { } command)
        {
            sinks.Add(new CommandAlertSink(command, [.. options.CommandArguments], options.CommandTimeout, clock));
        }

        return new CompositeAlertSink(sinks, ResilienceFactory.Logger(loggerFactory, typeof(CompositeAlertSink)));
    }

    private static void Validate(AlertOptions options)
    {
        var errors = new List<string>();
        OptionRules.Alerts(options, string.Empty, errors);
        ResilienceFactory.ThrowIfInvalid<AlertOptions>(errors);
    }
}
