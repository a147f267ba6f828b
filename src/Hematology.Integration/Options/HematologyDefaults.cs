namespace Hematology.Integration;

/// <summary>The defaults of the pipeline's options, in one place.</summary>
internal static class HematologyDefaults
{
    public const string SpoolDirectory = "spool";
    public const string Profile = "generic-long";
    public const string TimeZone = "UTC";
    public const int MinObservations = 2;
    public const int FtpPort = 21;
    public const int MaxConnections = 1;
    public const string RemoteDirectory = "/";
    public const string ProcessingFolder = "processing";
    public const string ArchiveFolder = "archive";
    public const string FilePattern = "*";
    public const long MaxFileBytes = 64L * 1024 * 1024;
    public const int MllpPort = 2575;
    public const string JsonLinesDirectory = "audit";
    public const string SqliteFile = "audit.db";
    public const string ControlSocketFileName = "control.sock";
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan StabilityWindow = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan FtpConnectTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan FtpCommandTimeout = TimeSpan.FromSeconds(30);
}
