namespace Hematology.Integration.Validation;

/// <summary>How serious a validation issue is.</summary>
public enum IssueSeverity
{
    /// <summary>Information for the audit trail (a QC row set aside, a parameter excluded by the profile).</summary>
    Info = 0,

    /// <summary>Something worth a look that does not stop the row (for example a rerun kept by the profile's duplicate policy).</summary>
    Warning,

    /// <summary>The row (row &gt; 0) or the whole file (row 0) cannot be accepted.</summary>
    Error,
}

/// <summary>
/// One problem found in a result file, with where it is. The message is meant for logs and the audit trail: it
/// never contains the value of a patient or specimen identifier column.
/// </summary>
/// <param name="Row">The 1-based data row (the header is not counted), or 0 for the file or its header.</param>
/// <param name="Column">The header name of the column concerned, when one is.</param>
/// <param name="Code">A stable, machine-readable code from <see cref="ValidationIssueCodes"/>.</param>
/// <param name="Message">A human-readable explanation without patient data.</param>
/// <param name="Severity">How serious the issue is.</param>
public sealed record ValidationIssue(long Row, string? Column, string Code, string Message, IssueSeverity Severity)
{
    /// <summary>Gets the 1-based physical line of the input where the row starts (lines inside quoted fields counted), or 0 when not known.</summary>
    public long Line { get; init; }

    /// <summary>Writes the issue as one line: <c>row 12, column 'Result_Value': VALUE_NOT_NUMERIC (Error) …</c>.</summary>
    /// <returns>The issue's text.</returns>
    public override string ToString()
    {
        var where = Row == 0 ? "file" : "row " + Row.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Column is not null)
        {
            where += ", column '" + Column + "'";
        }

        return where + ": " + Code + " (" + Severity.ToString() + ") " + Message;
    }
}

/// <summary>The stable codes of <see cref="ValidationIssue.Code"/>.</summary>
public static class ValidationIssueCodes
{
    /// <summary>The file has no bytes at all.</summary>
    public const string FileEmpty = "FILE_EMPTY";

    /// <summary>The file has a header but no data rows (informational: there is nothing to send).</summary>
    public const string NoDataRows = "NO_DATA_ROWS";

    /// <summary>One or more mandatory columns are missing from the header; the message names them and lists what was found.</summary>
    public const string MissingColumns = "HEADER_MISSING_COLUMNS";

    /// <summary>The header names the same column twice.</summary>
    public const string DuplicateColumn = "HEADER_DUPLICATE_COLUMN";

    /// <summary>A wide-layout header carries a unit the profile does not accept for the parameter.</summary>
    public const string HeaderUnknownUnit = "HEADER_UNKNOWN_UNIT";

    /// <summary>The file does not end as the profile's completeness rule requires (final newline or trailer): it may still be being written.</summary>
    public const string FileIncomplete = "FILE_INCOMPLETE";

    /// <summary>The last row is not terminated by a line break, so it may be cut short.</summary>
    public const string RowTruncated = "ROW_TRUNCATED";

    /// <summary>The file's encoding cannot be read (for example UTF-32).</summary>
    public const string EncodingUnsupported = "ENCODING_UNSUPPORTED";

    /// <summary>A stream judged UTF-8 from its beginning holds bytes further on that are not UTF-8.</summary>
    public const string EncodingInconsistent = "ENCODING_INCONSISTENT";

    /// <summary>Validating the file took longer than the configured bound.</summary>
    public const string FileTimeout = "FILE_TIMEOUT";

    /// <summary>A record is larger than the configured limit.</summary>
    public const string RecordTooLarge = "RECORD_TOO_LARGE";

    /// <summary>The CSV structure of the file cannot be read.</summary>
    public const string FileMalformed = "FILE_MALFORMED";

    /// <summary>More rows were rejected than the profile's file policy allows.</summary>
    public const string TooManyRejectedRows = "TOO_MANY_REJECTED_ROWS";

    /// <summary>A row breaks the quoting rules (stray or unterminated quote).</summary>
    public const string RowMalformed = "ROW_MALFORMED";

    /// <summary>A row has fewer or more fields than the header.</summary>
    public const string FieldCount = "ROW_FIELD_COUNT";

    /// <summary>A mandatory cell is blank.</summary>
    public const string ValueMissing = "VALUE_MISSING";

    /// <summary>A result value is not a number in the profile's format.</summary>
    public const string ValueNotNumeric = "VALUE_NOT_NUMERIC";

    /// <summary>A result value is a sentinel the profile says to reject.</summary>
    public const string SentinelRejected = "VALUE_SENTINEL_REJECTED";

    /// <summary>A test code is not in the profile's parameter map.</summary>
    public const string UnknownParameter = "UNKNOWN_PARAMETER";

    /// <summary>A unit spelling is not accepted for the parameter.</summary>
    public const string UnknownUnit = "UNKNOWN_UNIT";

    /// <summary>A flag or mark is not in the profile's flag map.</summary>
    public const string UnknownFlag = "UNKNOWN_FLAG";

    /// <summary>A timestamp does not match the profile's formats.</summary>
    public const string TimestampInvalid = "TIMESTAMP_INVALID";

    /// <summary>A local timestamp falls into a daylight-saving change (skipped or repeated hour) of the instrument's time zone.</summary>
    public const string TimestampAmbiguous = "TIMESTAMP_AMBIGUOUS";

    /// <summary>A value lies outside the parameter's plausibility limits.</summary>
    public const string OutOfPlausibleRange = "OUT_OF_PLAUSIBLE_RANGE";

    /// <summary>The same parameter of the same specimen (long layout) or the same specimen (wide layout) appears again: a rerun.</summary>
    public const string Duplicate = "DUPLICATE_RESULT";

    /// <summary>An identifier holds a control character (such as a line break).</summary>
    public const string IdentifierInvalid = "IDENTIFIER_INVALID";

    /// <summary>A reference-range bound is not a number.</summary>
    public const string ReferenceRangeInvalid = "REFERENCE_RANGE_INVALID";

    /// <summary>A data row follows the trailer.</summary>
    public const string DataAfterTrailer = "DATA_AFTER_TRAILER";

    /// <summary>The row is a quality-control measurement, set aside for QC handling (never a patient result).</summary>
    public const string QualityControlRow = "QC_ROW";

    /// <summary>The parameter is excluded by the profile (research or non-reportable), set aside and counted.</summary>
    public const string ParameterExcluded = "PARAMETER_EXCLUDED";
}
