using Hematology.Integration.Audit;
using Hematology.Integration.Audit.JsonLines;
using Hematology.Integration.Audit.Sqlite;
using Hematology.Integration.Audit.Verification;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the audit trail, its reader and the verifier.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Registers the JSON Lines trail (the embedded default) as <see cref="IAuditTrail"/>, <see cref="IAuditTrailReader"/>
    /// and <see cref="IAuditTrailStore"/>, plus <see cref="IAuditVerifier"/>. The trail opens on first use; the container
    /// disposes it. Options are validated at start when the host validates on start.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddJsonLinesAudit(this IServiceCollection services, Action<JsonLinesAuditOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<JsonLinesAuditOptions>().ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JsonLinesAuditOptions>, JsonLinesAuditOptionsValidator>());
        services.TryAddSingleton<IAuditTrailStore>(sp => new JsonLinesAuditStore(
            sp.GetRequiredService<IOptions<JsonLinesAuditOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        return AddShared(services);
    }

    /// <summary>
    /// Registers the SQLite trail as <see cref="IAuditTrail"/>, <see cref="IAuditTrailReader"/> and
    /// <see cref="IAuditTrailStore"/>, plus <see cref="IAuditVerifier"/>. The database opens on first use.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddSqliteAudit(this IServiceCollection services, Action<SqliteAuditOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<SqliteAuditOptions>().ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteAuditOptions>, SqliteAuditOptionsValidator>());
        services.TryAddSingleton<IAuditTrailStore>(sp => new SqliteAuditStore(
            sp.GetRequiredService<IOptions<SqliteAuditOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        return AddShared(services);
    }

    private static IServiceCollection AddShared(IServiceCollection services)
    {
        services.TryAddSingleton<IAuditTrail>(sp => sp.GetRequiredService<IAuditTrailStore>());
        services.TryAddSingleton<IAuditTrailReader>(sp => sp.GetRequiredService<IAuditTrailStore>());
        services.TryAddSingleton<IAuditVerifier>(sp => new AuditVerifier(null, sp.GetService<TimeProvider>()));
        return services;
    }
}
