using Hematology.Integration.Mllp;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MLLP sender and receiver in a service collection.</summary>
public static class MllpServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="IMllpClient"/> singleton for one destination, with options validated at start.
    /// Bind configuration with <c>services.AddOptions&lt;MllpClientOptions&gt;().Bind(section)</c> as well, if wanted.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (at least <see cref="MllpClientOptions.Host"/>).</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddMllpClient(this IServiceCollection services, Action<MllpClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<MllpClientOptions>().ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MllpClientOptions>, MllpClientOptionsValidator>());
        services.TryAddSingleton(sp => MllpClient.Create(
            sp.GetRequiredService<IOptions<MllpClientOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Registers an <see cref="MllpServer"/> that starts and stops with the host. The handler is the registered
    /// <see cref="IMllpMessageHandler"/>; when none is registered, every readable message is answered AA.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddMllpServer(this IServiceCollection services, Action<MllpServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<MllpServerOptions>().ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MllpServerOptions>, MllpServerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MllpServerHostedService>());
        return services;
    }
}

/// <summary>Starts the <see cref="MllpServer"/> with the host and stops it gracefully.</summary>
internal sealed class MllpServerHostedService(IOptions<MllpServerOptions> options, IServiceProvider services) : IHostedService, IAsyncDisposable
{
    private MllpServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _server = MllpServer.Start(options.Value, services.GetService<IMllpMessageHandler>(), services.GetService<ILoggerFactory>(), services.GetService<TimeProvider>());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
