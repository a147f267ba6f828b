using System.CommandLine;
using Hematology.Integration.Audit;

namespace Hematology.Integration.Cli.Commands;

/// <summary>An opened audit trail, where it is, and the folder its retained files are resolved against.</summary>
internal sealed record ResolvedTrail(IAuditTrailReader Reader, string Description, string? ArtifactRoot);

/// <summary>The options that say where an audit trail is: a site configuration, or a JSON Lines folder or a SQLite file.</summary>
internal sealed class TrailLocation
{
    private readonly Option<FileInfo?> _config = CliContext.ConfigOption();
    private readonly Option<DirectoryInfo?> _trail = new("--trail") { Description = "The JSON Lines audit folder (instead of reading it from --config)." };
    private readonly Option<FileInfo?> _sqlite = new("--sqlite") { Description = "The SQLite audit database (instead of reading it from --config)." };
    private readonly Option<DirectoryInfo?> _spool = CliContext.SpoolOption();

    public void AddTo(Command command)
    {
        command.Add(_config);
        command.Add(_trail);
        command.Add(_sqlite);
        command.Add(_spool);
    }

    public ResolvedTrail Resolve(ParseResult parse)
    {
        var spool = parse.GetValue(_spool)?.FullName;
        if (parse.GetValue(_trail) is { } folder)
        {
            RequireExists(folder.Exists, folder.FullName);
            return new ResolvedTrail(AuditTrail.ReadJsonLines(folder.FullName), folder.FullName, spool);
        }

        if (parse.GetValue(_sqlite) is { } database)
        {
            RequireExists(database.Exists, database.FullName);
            return new ResolvedTrail(AuditTrail.ReadSqlite(database.FullName), database.FullName, spool);
        }

        if (parse.GetValue(_config) is { } file)
        {
            var site = SiteConfiguration.Load(file);
            RequireExists(site.AuditExists, site.AuditPath);
            return new ResolvedTrail(HematologyConfiguration.OpenAuditReader(site.Options), site.AuditPath, spool ?? site.SpoolDirectory);
        }

        throw new CliException("No audit trail given.", "Pass --config site.json, or --trail DIR (JSON Lines) or --sqlite FILE.", ExitCodes.Usage);
    }

    private static void RequireExists(bool exists, string path)
    {
        if (!exists)
        {
            throw new CliException($"No audit trail at {path}.", "Check the path; the host creates the trail when it first runs.", ExitCodes.NotFound);
        }
    }
}
