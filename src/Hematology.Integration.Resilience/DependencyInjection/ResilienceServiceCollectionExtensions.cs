using Hematology.Integration.Resilience;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the resilience components.</summary>
public static class ResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDeliveryPolicy"/>, <see cref="IEmergencyPause"/>, <see cref="IAlertSink"/> and
    /// <see cref="ISchedulingLagMonitor"/> as singletons (each only if not registered yet, so any can be replaced),
    /// with <see cref="ResilienceOptions"/> validated at start. Register <see cref="IPauseHealthCheck"/> and
    /// <see cref="IPauseListener"/> implementations to plug into the pause.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options (after any configuration binding), or <see langword="null"/>.</param>
    /// <returns>The options builder, to bind configuration: <c>.Bind(configuration.GetSection("Hematology:Resilience"))</c>.</returns>
    public static OptionsBuilder<ResilienceOptions> AddHematologyResilience(this IServiceCollection services, Action<ResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<ResilienceOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResilienceOptions>, ResilienceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAlertSink>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ResilienceOptions>>().Value.Alerts;
            var loggerFactory = sp.GetService<ILoggerFactory>();
            var sinks = new List<IAlertSink> { new LoggerAlertSink(ResilienceFactory.Logger(loggerFactory, typeof(LoggerAlertSink))) };
            if (options.WebhookUrl is { } url)
            {
                // A long-lived client owned by the container; a host with IHttpClientFactory can register its own IAlertSink.
                sinks.Add(new WebhookAlertSink(sp.GetRequiredService<ResilienceHttpClient>().Client, url, options.WebhookTimeout, sp.GetRequiredService<TimeProvider>()));
            }

            if (options.Command is { } command)
            {
                sinks.Add(new CommandAlertSink(command, [.. options.CommandArguments], options.CommandTimeout, sp.GetRequiredService<TimeProvider>()));
            }

            return new CompositeAlertSink(sinks, ResilienceFactory.Logger(loggerFactory, typeof(CompositeAlertSink)));
        });
        services.TryAddSingleton<ResilienceHttpClient>();
        services.TryAddSingleton<IDeliveryPolicy>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ResilienceOptions>>().Value;
            return new DeliveryPolicy(options.Delivery, options.CircuitBreaker, sp.GetRequiredService<TimeProvider>(), ResilienceFactory.Logger(sp.GetService<ILoggerFactory>(), typeof(DeliveryPolicy)));
        });
        services.TryAddSingleton<IEmergencyPause>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ResilienceOptions>>().Value;
            return new EmergencyPause(
                options.Pause,
                sp.GetRequiredService<IAlertSink>(),
                sp.GetService<IPauseHealthCheck>(),
                sp.GetServices<IPauseListener>(),
                sp.GetRequiredService<TimeProvider>(),
                ResilienceFactory.Logger(sp.GetService<ILoggerFactory>(), typeof(EmergencyPause)));
        });
        services.TryAddSingleton<ISchedulingLagMonitor>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ResilienceOptions>>().Value;
            return new SchedulingLagMonitor(options.SchedulingLag, sp.GetRequiredService<TimeProvider>(), ResilienceFactory.Logger(sp.GetService<ILoggerFactory>(), typeof(SchedulingLagMonitor)));
        });
        return builder;
    }
}
