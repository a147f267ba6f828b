using Hematology.Integration.Audit;
using Hematology.Integration.Hl7Mapping;
using Microsoft.Extensions.Configuration;

namespace Hematology.Integration;

/// <summary>
/// Works with a pipeline configuration without starting a host: bind it, check it (every error at once, as the host
/// would at start), and find the folders a running host uses (the spool, the audit trail, the control socket), for
/// tools such as <c>hematology config check</c>, <c>quarantine list</c> and <c>audit verify</c>.
/// </summary>
public static class HematologyConfiguration
{
    /// <summary>Binds the <c>Hematology</c> section of <paramref name="configuration"/> (or the configuration itself when it is that section).</summary>
    /// <param name="configuration">The configuration root, or the <c>Hematology</c> section.</param>
    /// <returns>The bound options (not validated).</returns>
    /// <exception cref="InvalidOperationException">A value cannot be converted to its option's type (the message names the key).</exception>
    public static HematologyOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new HematologyOptions();
        Section(configuration).Bind(options);
        return options;
    }

    /// <summary>Checks options as the host does at start.</summary>
    /// <param name="options">The options.</param>
    /// <returns>Every error, each naming its option by configuration path; empty when the options are valid.</returns>
    public static IReadOnlyList<string> Validate(HematologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return HematologyOptionsValidator.Collect(options);
    }

    /// <summary>
    /// Binds and checks a configuration as the host does at start: the <c>Hematology</c> options, then the ORU^R01
    /// header of <c>Hematology:Hl7</c> (its errors named <c>Hematology:Hl7: …</c>). A value that cannot be converted
    /// is reported as an error too.
    /// </summary>
    /// <param name="configuration">The configuration root, or the <c>Hematology</c> section.</param>
    /// <returns>Every error; empty when the configuration is valid.</returns>
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        try
        {
            errors.AddRange(Validate(Bind(configuration)));
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(ex.Message);
        }

        try
        {
            var hl7 = new OruOptions();
            Hl7Section(configuration).Bind(hl7);
            var result = new OruOptionsValidator().Validate(null, hl7);
            if (result.Failed)
            {
                errors.AddRange(result.Failures.Select(failure => "Hematology:Hl7: " + failure));
            }
        }
        catch (InvalidOperationException ex)
        {
            errors.Add("Hematology:Hl7: " + ex.Message);
        }

        return errors;
    }

    /// <summary>Gets the full path of the spool folder (incoming, acquired, outbox, sent, processed, quarantine).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The absolute spool folder.</returns>
    public static string GetSpoolDirectory(HematologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StageOptions.SpoolRoot(options);
    }

    /// <summary>Gets the full path of the quarantine folder (<c>&lt;spool&gt;/quarantine</c>), one sub-folder per reason.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The absolute quarantine folder.</returns>
    public static string GetQuarantineDirectory(HematologyOptions options) => Path.Combine(GetSpoolDirectory(options), "quarantine");

    /// <summary>Gets the full path of the audit trail: the JSON Lines folder, or the SQLite database file.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The absolute audit path.</returns>
    public static string GetAuditPath(HematologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StageOptions.AuditPath(options);
    }

    /// <summary>Gets the path of a running host's control socket (<c>&lt;spool&gt;/control.sock</c>), for <see cref="Control.ControlChannelClient"/>.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The absolute socket path.</returns>
    public static string GetControlSocketPath(HematologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StageOptions.ControlSocketPath(options);
    }

    /// <summary>Opens the audit trail for reading (for verification and reports), whether JSON Lines or SQLite.</summary>
    /// <param name="options">The options.</param>
    /// <returns>A reader of the trail.</returns>
    public static IAuditTrailReader OpenAuditReader(HematologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Audit.Store == AuditStoreKind.Sqlite
            ? AuditTrail.ReadSqlite(GetAuditPath(options))
            : AuditTrail.ReadJsonLines(GetAuditPath(options));
    }

    /// <summary>The part of the <c>Hematology</c> section bound to <see cref="OruOptions"/>.</summary>
    internal static IConfiguration Hl7Section(IConfiguration configuration) => Section(configuration).GetSection("Hl7");

    internal static IConfiguration Section(IConfiguration configuration) =>
        configuration is IConfigurationSection { Key: HematologyOptions.SectionName } ? configuration : configuration.GetSection(HematologyOptions.SectionName);
}
