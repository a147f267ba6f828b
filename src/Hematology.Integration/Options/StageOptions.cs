using Hematology.Integration.Acquisition;
using Hematology.Integration.Audit;
using Hematology.Integration.Mllp;
using Hematology.Integration.Spool;

namespace Hematology.Integration;

/// <summary>Turns the pipeline's options into each stage package's own options (one place, used by validation and wiring alike).</summary>
internal static class StageOptions
{
    public static string SpoolRoot(HematologyOptions options) => System.IO.Path.GetFullPath(options.SpoolDirectory);

    public static string AuditPath(HematologyOptions options)
    {
        var configured = options.Audit.Path;
        var fallback = options.Audit.Store == AuditStoreKind.Sqlite ? HematologyDefaults.SqliteFile : HematologyDefaults.JsonLinesDirectory;
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(SpoolRoot(options), string.IsNullOrWhiteSpace(configured) ? fallback : configured));
    }

    public static string ControlSocketPath(HematologyOptions options) => System.IO.Path.Combine(SpoolRoot(options), HematologyDefaults.ControlSocketFileName);

    public static IReadOnlyList<string> DestinationsOf(HematologyOptions options, AnalyzerOptions analyzer) =>
        analyzer.Destinations.Count > 0 ? [.. analyzer.Destinations] : [.. options.Destinations.Select(d => d.Name)];

    public static LocalFolderSourceOptions LocalFolder(AnalyzerOptions analyzer) => new()
    {
        AnalyzerId = analyzer.Id,
        Path = analyzer.Source.Path ?? string.Empty,
        ProcessingFolder = analyzer.Source.ProcessingFolder,
        AfterDownload = analyzer.Source.AfterDownload,
        ArchiveFolder = analyzer.Source.ArchiveFolder,
        FilePattern = analyzer.Source.FilePattern,
        PollInterval = analyzer.PollInterval,
        MaxFileBytes = analyzer.Source.MaxFileBytes,
    };

    public static FtpSourceOptions Ftp(AnalyzerOptions analyzer) => new()
    {
        AnalyzerId = analyzer.Id,
        Host = analyzer.Source.Host ?? string.Empty,
        Port = analyzer.Source.Port,
        User = string.IsNullOrEmpty(analyzer.Source.User) ? "anonymous" : analyzer.Source.User,
        Password = analyzer.Source.Password ?? string.Empty,
        TlsMode = analyzer.Source.Tls,
        PinnedCertificateSha256 = analyzer.Source.PinnedCertificateSha256,
        TlsServerName = analyzer.Source.TlsServerName,
        RemoteDirectory = analyzer.Source.RemoteDirectory,
        ProcessingFolder = analyzer.Source.ProcessingFolder,
        PipelineCommands = analyzer.Source.PipelineCommands,
        AfterDownload = analyzer.Source.AfterDownload,
        ArchiveFolder = analyzer.Source.ArchiveFolder,
        FilePattern = analyzer.Source.FilePattern,
        PollInterval = analyzer.PollInterval,
        MaxFileBytes = analyzer.Source.MaxFileBytes,
        MaxConnections = analyzer.Source.MaxConnections,
        ConnectTimeout = analyzer.Source.ConnectTimeout,
        CommandTimeout = analyzer.Source.CommandTimeout,
    };

    public static StabilityOptions Stability(AnalyzerOptions analyzer) => new()
    {
        Window = analyzer.StabilityWindow,
        MinObservations = analyzer.MinObservations,
    };

    public static MllpClientOptions Mllp(DestinationOptions destination)
    {
        var options = new MllpClientOptions
        {
            Host = destination.Host ?? string.Empty,
            Port = destination.Port,
            AckTimeout = destination.AckTimeout,
            ConnectTimeout = destination.ConnectTimeout,
        };
        options.Tls.Enabled = destination.Tls;
        options.Tls.TargetHost = destination.TlsServerName;
        options.Tls.ClientCertificatePath = destination.ClientCertificatePath;
        options.Tls.ClientCertificatePassword = destination.ClientCertificatePassword;
        foreach (var pin in destination.PinnedCertificates)
        {
            options.Tls.PinnedServerCertificates.Add(pin);
        }

        return options;
    }

    public static Destinations.HttpDestinationOptions Http(DestinationOptions destination) => new()
    {
        Url = destination.Url,
        Timeout = destination.AckTimeout,
        Username = destination.Username,
        Password = destination.Password,
        BearerToken = destination.BearerToken,
    };

    public static JsonLinesAuditOptions JsonLines(HematologyOptions options) => new()
    {
        Directory = AuditPath(options),
        FlushToDisk = options.Audit.FlushToDisk,
    };

    public static SqliteAuditOptions Sqlite(HematologyOptions options) => new()
    {
        DatabasePath = AuditPath(options),
        FlushToDisk = options.Audit.FlushToDisk,
    };

    public static string OutboxName(string destination) => DurableSpool.SafeName(destination);
}
