using Hematology.Integration.Hl7Mapping;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the HL7 mapping services: the catalog, the ORU^R01 builder and the ACK builder.</summary>
public static class Hl7MappingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HematologyCatalog"/> (from <see cref="HematologyCatalogOptions"/>), <see cref="IOruBuilder"/>
    /// (<see cref="OruBuilder"/>, from <see cref="OruOptions"/>) and <see cref="AckBuilder"/> (from <see cref="AckBuilderOptions"/>),
    /// each with its options validator, using <c>TryAdd</c> so a host can replace any of them.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configureOru">Configures the ORU^R01 options, when given.</param>
    /// <param name="configureCatalog">Configures the catalog, when given.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddHl7Mapping(
        this IServiceCollection services,
        Action<OruOptions>? configureOru = null,
        Action<HematologyCatalogOptions>? configureCatalog = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var oru = services.AddOptions<OruOptions>();
        if (configureOru is not null)
        {
            oru.Configure(configureOru);
        }

        var catalog = services.AddOptions<HematologyCatalogOptions>();
        if (configureCatalog is not null)
        {
            catalog.Configure(configureCatalog);
        }

        services.AddOptions<AckBuilderOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OruOptions>, OruOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HematologyCatalogOptions>, HematologyCatalogOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AckBuilderOptions>, AckBuilderOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<HematologyCatalogOptions>>().Value.Build());
        services.TryAddSingleton<IOruBuilder>(sp => new OruBuilder(
            sp.GetRequiredService<IOptions<OruOptions>>().Value,
            sp.GetRequiredService<HematologyCatalog>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new AckBuilder(sp.GetRequiredService<IOptions<AckBuilderOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
