using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Validation.Diagnostics;

/// <summary>The package's log messages (EventIds 2001–2099). None carries patient data or cell values of identifier columns.</summary>
internal static partial class ValidationLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Validating a file from analyzer {AnalyzerId} with profile {Profile}")]
    public static partial void Started(ILogger logger, AnalyzerId analyzerId, string profile);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Validated a file from analyzer {AnalyzerId} with profile {Profile}: {Verdict}, encoding {Encoding} ({EncodingReason}), {DataRows} data rows, {Results} results, {Rejected} rejected, {QualityControl} QC, {Excluded} excluded, {ElapsedMs} ms")]
    public static partial void Completed(ILogger logger, AnalyzerId analyzerId, string profile, FileVerdict verdict, string encoding, EncodingReason encodingReason, long dataRows, long results, long rejected, long qualityControl, long excluded, long elapsedMs);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "File from analyzer {AnalyzerId}: {Code} at row {Row}, column {Column}: {Detail}")]
    public static partial void FileIssue(ILogger logger, AnalyzerId analyzerId, string code, long row, string? column, string detail);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Validation of a file from analyzer {AnalyzerId} exceeded its time bound of {LimitMs} ms")]
    public static partial void TimedOut(ILogger logger, AnalyzerId analyzerId, long limitMs);
}
