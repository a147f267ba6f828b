using Microsoft.Extensions.Configuration;

namespace Hematology.Integration.Cli.Commands;

/// <summary>The paths of a site configuration that operator commands need: the spool and the audit trail.</summary>
internal sealed record SiteConfiguration(string SpoolDirectory, string AuditPath, bool AuditIsSqlite)
{
    public bool AuditExists => AuditIsSqlite ? File.Exists(AuditPath) : Directory.Exists(AuditPath);

    /// <summary>Reads the site file; relative paths are resolved against the file's folder.</summary>
    public static SiteConfiguration Load(FileInfo file)
    {
        var configuration = CliContext.LoadConfiguration(file);
        var section = configuration.GetSection(HematologyOptions.SectionName);
        var spool = Path.GetFullPath(Path.Combine(file.DirectoryName!, section[nameof(HematologyOptions.SpoolDirectory)] ?? new HematologyOptions().SpoolDirectory));
        var kind = section["Audit:Kind"] ?? "JsonLines";
        var sqlite = kind.Equals("Sqlite", StringComparison.OrdinalIgnoreCase);
        var path = section["Audit:Path"] ?? (sqlite ? "audit.db" : "audit");
        return new SiteConfiguration(spool, Path.GetFullPath(Path.Combine(file.DirectoryName!, path)), sqlite);
    }
}
