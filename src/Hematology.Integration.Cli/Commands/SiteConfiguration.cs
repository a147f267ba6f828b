using Microsoft.Extensions.Configuration;

namespace Hematology.Integration.Cli.Commands;

/// <summary>A site configuration file, bound: the options and the configuration they came from.</summary>
/// <param name="File">The file.</param>
/// <param name="Configuration">The file plus <c>HEMATOLOGY__*</c> environment variables.</param>
/// <param name="Options">The bound (not yet validated) options.</param>
internal sealed record SiteConfiguration(FileInfo File, IConfigurationRoot Configuration, HematologyOptions Options)
{
    /// <summary>Reads and binds the site file. Relative paths in it are relative to the working directory, as for the host.</summary>
    public static SiteConfiguration Load(FileInfo file)
    {
        var configuration = CliContext.LoadConfiguration(file);
        try
        {
            return new SiteConfiguration(file, configuration, HematologyConfiguration.Bind(configuration));
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException($"The configuration file {file.FullName} has a value of the wrong type: {ex.Message}", "Run 'hematology config check --config FILE' to see every error.", ExitCodes.InvalidConfiguration);
        }
    }

    /// <summary>
    /// Every configuration error at once, as the host reports them at start: the <c>Hematology</c> options and the
    /// ORU^R01 header of <c>Hematology:Hl7</c>.
    /// </summary>
    public IReadOnlyList<string> Errors() => HematologyConfiguration.Validate(Configuration);

    public string SpoolDirectory => HematologyConfiguration.GetSpoolDirectory(Options);

    public string AuditPath => HematologyConfiguration.GetAuditPath(Options);

    public bool AuditExists => Options.Audit.Store == AuditStoreKind.Sqlite ? System.IO.File.Exists(AuditPath) : Directory.Exists(AuditPath);
}
