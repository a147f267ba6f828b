using Hematology.Integration;
using Hematology.Integration.Adapters;
using Hematology.Integration.Audit;
using Hematology.Integration.Control;
using Hematology.Integration.Diagnostics;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Hosting;
using Hematology.Integration.Monitoring;
using Hematology.Integration.Pipeline;
using Hematology.Integration.Resilience;
using Hematology.Integration.Spool;
using Hematology.Integration.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the hematology pipeline in a host's service collection.</summary>
public static class HematologyServiceCollectionExtensions
{
    /// <summary>The name of the pipeline's health check.</summary>
    public const string HealthCheckName = "hematology";

    /// <summary>
    /// Adds the hematology pipeline, binding its options from the <c>Hematology</c> section of
    /// <paramref name="configuration"/> and validating them when the host starts (every error at once). The
    /// <c>Hematology:Hl7</c> section, when present, sets the ORU^R01 header (<see cref="OruOptions"/>: MSH-3 to MSH-6,
    /// MSH-11, MSH-15 to MSH-18, MSH-21 and the assigning authorities), also validated at start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root, or the <c>Hematology</c> section itself.</param>
    /// <returns>A builder to add or replace parts of the pipeline.</returns>
    public static IHematologyPipelineBuilder AddHematologyPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddHematologyPipeline();
        services.AddOptions<HematologyOptions>().Bind(HematologyConfiguration.Section(configuration));
        services.AddOptions<OruOptions>().Bind(HematologyConfiguration.Hl7Section(configuration)).ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Adds the hematology pipeline with options configured in code: analyzers, destinations, spool, audit and
    /// resilience. Every default is registered with <c>TryAdd</c>, so a host can register its own
    /// <see cref="TimeProvider"/>, <see cref="IAuditTrail"/>, <see cref="IResultFileValidator"/>,
    /// <see cref="IOruBuilder"/>, <see cref="IAlertSink"/>, <see cref="IDeliveryPolicy"/>, <see cref="IEmergencyPause"/>
    /// or <see cref="IPauseHealthCheck"/> first.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; may be <see langword="null"/> to keep the defaults.</param>
    /// <returns>A builder to add or replace parts of the pipeline.</returns>
    public static IHematologyPipelineBuilder AddHematologyPipeline(this IServiceCollection services, Action<HematologyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<HematologyOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var builder = new HematologyPipelineBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(PipelineMarker)))
        {
            return builder;
        }

        services.AddSingleton<PipelineMarker>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HematologyOptions>, HematologyOptionsValidator>());

        // One source of truth: the Resilience package's options are the Hematology:Resilience part of these options
        // (validated with them, so every error is reported at once).
        services.TryAddSingleton<IOptionsFactory<ResilienceOptions>, ResilienceFromHematologyOptions>();
        services.AddHematologyResilience();
        services.AddResultFileValidation();
        services.AddHl7Mapping();
        services.AddHttpClient();

        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<HematologyOptions>>().Value);
        services.TryAddSingleton(sp => new DurableSpool(StageOptions.SpoolRoot(sp.GetRequiredService<HematologyOptions>()), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IAuditTrail>(sp => new ConfiguredAuditTrail(sp.GetRequiredService<HematologyOptions>(), sp.GetService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IAuditPort>(sp => new AuditTrailPort(sp.GetRequiredService<IAuditTrail>(), sp.GetRequiredService<DurableSpool>().Root));
        services.TryAddSingleton(sp => new PipelineTelemetry(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<DispatcherRegistry>();
        services.TryAddSingleton(sp => new PipelineMonitor(
            sp.GetRequiredService<DurableSpool>(),
            sp.GetRequiredService<IEmergencyPause>(),
            sp.GetRequiredService<IDeliveryPolicy>(),
            [.. sp.GetRequiredService<HematologyOptions>().Destinations.Select(d => d.Name)],
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IPipelineMonitor>(sp => sp.GetRequiredService<PipelineMonitor>());
        services.TryAddSingleton<IPipelineControl, PipelineControlService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPauseListener, PauseAuditListener>());
        services.TryAddSingleton(sp => new PipelineServices(
            sp.GetRequiredService<HematologyOptions>(),
            sp.GetRequiredService<DurableSpool>(),
            sp.GetRequiredService<IAuditPort>(),
            sp.GetRequiredService<IResultFileValidator>(),
            sp.GetRequiredService<IOruBuilder>(),
            sp.GetRequiredService<IDeliveryPolicy>(),
            sp.GetRequiredService<IEmergencyPause>(),
            sp.GetRequiredService<PipelineTelemetry>(),
            sp.GetRequiredService<PipelineMonitor>(),
            sp.GetRequiredService<DispatcherRegistry>(),
            name => sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientNamePrefix + name),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HematologyPipelineService>());
        services.AddHealthChecks().AddCheck<HematologyHealthCheck>(HealthCheckName, tags: ["hematology"]);
        return builder;
    }

    /// <summary>The prefix of the names of the <see cref="HttpClient"/>s HTTP destinations use (<c>Hematology.Http.&lt;destination&gt;</c>), for <c>AddHttpClient(name)</c> customisation.</summary>
    public const string HttpClientNamePrefix = "Hematology.Http.";

    private sealed class HematologyPipelineBuilder(IServiceCollection services) : IHematologyPipelineBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private sealed class PipelineMarker;

    /// <summary>Creates <see cref="ResilienceOptions"/> as the <c>Resilience</c> part of <see cref="HematologyOptions"/>.</summary>
    private sealed class ResilienceFromHematologyOptions(IOptionsMonitor<HematologyOptions> hematology) : IOptionsFactory<ResilienceOptions>
    {
        public ResilienceOptions Create(string name) => hematology.Get(name).Resilience;
    }
}
