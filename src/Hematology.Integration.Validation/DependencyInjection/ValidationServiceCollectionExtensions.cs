using Hematology.Integration.Validation;
using Hematology.Integration.Validation.Engine;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the result-file validator.</summary>
public static class ValidationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IResultFileValidator"/> (a singleton) with validated <see cref="ResultFileValidatorOptions"/>;
    /// existing registrations are kept (TryAdd), so a host can replace any part.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options, when wanted.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddResultFileValidation(this IServiceCollection services, Action<ResultFileValidatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<ResultFileValidatorOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResultFileValidatorOptions>, ResultFileValidatorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IResultFileValidator>(sp => new ResultFileValidator(
            sp.GetRequiredService<IOptions<ResultFileValidatorOptions>>().Value,
            sp.GetRequiredService<ILogger<ResultFileValidator>>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
