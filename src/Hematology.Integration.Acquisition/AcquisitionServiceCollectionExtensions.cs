using Hematology.Integration.Acquisition;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers acquisition: options validated at start, sources, and a poller factory.</summary>
public static class AcquisitionServiceCollectionExtensions
{
    /// <summary>Adds the acquisition options (validated at start) and the system clock, if not registered yet.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (at least <see cref="AcquisitionOptions.SpoolDirectory"/>).</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddHematologyAcquisition(this IServiceCollection services, Action<AcquisitionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<AcquisitionOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AcquisitionOptions>, AcquisitionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Adds an analyzer's FTP/FTPS server as a source.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The server, credentials, TLS and folders (validated now).</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddFtpSource(this IServiceCollection services, FtpSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid(new FtpSourceOptionsValidator().Validate(null, options), options.AnalyzerId);
        services.AddSingleton<IResultFileSource>(sp => new FtpFileSource(options, sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>Adds a local or mounted folder as a source.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The folder and what to do with its files (validated now).</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddLocalFolderSource(this IServiceCollection services, LocalFolderSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid(new LocalFolderSourceOptionsValidator().Validate(null, options), options.AnalyzerId);
        services.AddSingleton<IResultFileSource>(sp => new LocalFolderFileSource(options, sp.GetService<ILoggerFactory>()));
        return services;
    }

    /// <summary>Creates a poller over every registered source (the host runs it and owns it).</summary>
    /// <param name="services">The service provider.</param>
    /// <param name="onAcquired">Receives each acquired file, in order.</param>
    /// <returns>The poller.</returns>
    public static AcquisitionPoller CreateAcquisitionPoller(this IServiceProvider services, Func<FileAcquiredArguments, ValueTask> onAcquired)
    {
        ArgumentNullException.ThrowIfNull(services);
        var poller = new AcquisitionPoller(
            services.GetRequiredService<IOptions<AcquisitionOptions>>().Value,
            onAcquired,
            services.GetService<ILoggerFactory>(),
            services.GetService<TimeProvider>());
        foreach (var source in services.GetServices<IResultFileSource>())
        {
            poller.Add(source);
        }

        return poller;
    }

    private static void ThrowIfInvalid(ValidateOptionsResult result, string analyzer)
    {
        if (result.Failed)
        {
            throw new OptionsValidationException(analyzer, typeof(FtpSourceOptions), result.Failures);
        }
    }
}
