using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Acquisition;

/// <summary>The package's log messages (EventIds 1000–1999). No file content, no patient data, no passwords.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Trace, "FTP > {Command}")]
    public static partial void Command(ILogger logger, string command);

    [LoggerMessage(1001, LogLevel.Trace, "FTP < {Code}")]
    public static partial void Reply(ILogger logger, int code);

    [LoggerMessage(1002, LogLevel.Debug, "FEAT refused with {Code}; assuming no extensions")]
    public static partial void FeaturesRefused(ILogger logger, int code);

    [LoggerMessage(1003, LogLevel.Debug, "UTF-8 names in use (OPTS UTF8 ON answered {Code})")]
    public static partial void Utf8Negotiated(ILogger logger, int code);

    [LoggerMessage(1004, LogLevel.Warning, "Server certificate refused: its SHA-256 {Actual} is not the pinned thumbprint")]
    public static partial void CertificatePinMismatch(ILogger logger, string actual);

    [LoggerMessage(1005, LogLevel.Warning, "Server certificate refused: {Errors}")]
    public static partial void CertificateRefused(ILogger logger, string errors);

    [LoggerMessage(1010, LogLevel.Information, "Connected to {Location}")]
    public static partial void Connected(ILogger logger, string location);

    [LoggerMessage(1011, LogLevel.Warning, "Listing of {Location} has {Count} line(s) no parser understood; first: {Line}")]
    public static partial void UnparsedListing(ILogger logger, string location, int count, string line);

    [LoggerMessage(1012, LogLevel.Information, "Claimed {Name} from {Location}")]
    public static partial void Claimed(ILogger logger, string name, string location);

    [LoggerMessage(1013, LogLevel.Information, "File {Name} from {Location} was taken by someone else before it could be claimed")]
    public static partial void ClaimLost(ILogger logger, string name, string location);

    [LoggerMessage(1014, LogLevel.Warning, "File {Name} changed during download ({Reason}); the copy is discarded and the file tried again later")]
    public static partial void ChangedDuringDownload(ILogger logger, string name, string reason);

    [LoggerMessage(1015, LogLevel.Information, "Acquired {Name} ({Length} bytes, SHA-256 {Sha256}) as {LocalPath}")]
    public static partial void Acquired(ILogger logger, string name, long length, string sha256, string localPath);

    [LoggerMessage(1016, LogLevel.Warning, "Download of {Name} interrupted after {Bytes} bytes (attempt {Attempt}); resuming")]
    public static partial void DownloadResumed(ILogger logger, string name, long bytes, int attempt);

    [LoggerMessage(1017, LogLevel.Information, "Removed {Name} from {Location} ({Action})")]
    public static partial void Disposed(ILogger logger, string name, string location, string action);

    [LoggerMessage(1018, LogLevel.Warning, "File {Name} is not complete by the completeness rule; tried again later")]
    public static partial void Incomplete(ILogger logger, string name);

    [LoggerMessage(1019, LogLevel.Warning, "Remote name {Name} is not a safe file name; it is acquired as {SafeName}")]
    public static partial void NameSanitised(ILogger logger, string name, string safeName);

    [LoggerMessage(1020, LogLevel.Warning, "{Location} does not implement renames ({Command} answered {Code}): files are taken in place, without claiming")]
    public static partial void ClaimUnsupported(ILogger logger, string location, int code, string command);

    [LoggerMessage(1021, LogLevel.Warning, "File {Name} of analyzer {AnalyzerId} was acquired but could not be removed from the source; it is not taken again while unchanged")]
    public static partial void KeptAfterFailedRemoval(ILogger logger, string name, string analyzerId);

    [LoggerMessage(1030, LogLevel.Warning, "Polling analyzer {AnalyzerId} failed ({Kind}); next attempt in {Delay}")]
    public static partial void PollFailed(ILogger logger, Exception exception, string analyzerId, string kind, TimeSpan delay);

    [LoggerMessage(1031, LogLevel.Debug, "Polled analyzer {AnalyzerId}: {Listed} listed, {Stable} stable, {Acquired} acquired")]
    public static partial void Polled(ILogger logger, string analyzerId, int listed, int stable, int acquired);

    [LoggerMessage(1032, LogLevel.Warning, "File {Name} of analyzer {AnalyzerId} could not be acquired ({Reason}); tried again later")]
    public static partial void FileFailed(ILogger logger, Exception exception, string name, string analyzerId, string reason);
}
