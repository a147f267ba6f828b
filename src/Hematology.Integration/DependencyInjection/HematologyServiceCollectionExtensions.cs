using Hematology.Integration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the hematology pipeline in a host's service collection.</summary>
public static class HematologyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the hematology pipeline, binding its options from the <c>Hematology</c> section of
    /// <paramref name="configuration"/> and validating them when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root or the section that holds a <c>Hematology</c> section.</param>
    /// <returns>A builder to add or replace parts of the pipeline.</returns>
    public static IHematologyPipelineBuilder AddHematologyPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddHematologyPipeline();
        services.AddOptions<HematologyOptions>().Bind(configuration.GetSection(HematologyOptions.SectionName));
        return builder;
    }

    /// <summary>Adds the hematology pipeline with options configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; may be <see langword="null"/> to keep the defaults.</param>
    /// <returns>A builder to add or replace parts of the pipeline.</returns>
    public static IHematologyPipelineBuilder AddHematologyPipeline(this IServiceCollection services, Action<HematologyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<HematologyOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HematologyOptions>, HematologyOptionsValidator>());
        return new HematologyPipelineBuilder(services);
    }

    private sealed class HematologyPipelineBuilder(IServiceCollection services) : IHematologyPipelineBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
