namespace Hematology.Integration.Acquisition;

/// <summary>The defaults of the acquisition options.</summary>
internal static class AcquisitionDefaults
{
    public const int FtpPort = 21;
    public const string ProcessingFolder = "processing";
    public const string ArchiveFolder = "archive";
    public const int MaxConnections = 1;
    public const int DownloadAttempts = 3;
    public const long MaxFileBytes = 64L * 1024 * 1024;
    public const int MinObservations = 2;
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DataTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan StabilityWindow = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
}
