namespace Hematology.Integration.Validation;

/// <summary>
/// One item of a streaming validation (<see cref="IResultFileValidator.ValidateAsync(Stream, AnalyzerId, Profiles.AnalyzerProfile, CancellationToken)"/>): an accepted result, a row
/// set aside, and, always last, the file's <see cref="ValidationCompleted"/> summary with the verdict.
/// </summary>
/// <remarks>
/// Results are produced while the file is read; they are final only when the closing summary's verdict is not
/// <see cref="FileVerdict.Rejected"/> (a file can still turn out incomplete, mis-encoded or late at its end).
/// </remarks>
public abstract record ValidationEvent
{
    private protected ValidationEvent()
    {
    }
}

/// <summary>A result that passed validation.</summary>
/// <param name="Result">The result.</param>
public sealed record ResultAccepted(LabResult Result) : ValidationEvent
{
    /// <summary>Gets warnings about the result's row that did not stop it (for example a rerun kept by policy).</summary>
    public IReadOnlyList<ValidationIssue> Warnings { get; init; } = [];

    /// <summary>Returns a redacted text: the result identifies a specimen.</summary>
    /// <returns>The row and parameter only.</returns>
    public override string ToString() => $"ResultAccepted {{ Row = {Result.SourceRow}, Code = {Result.LocalCode} }}";
}

/// <summary>
/// In <see cref="ValidationMode.IssuesOnly"/>, a row that became results but has warnings (for example a rerun kept
/// by policy): the warnings that <see cref="ValidationMode.Full"/> attaches to each of the row's
/// <see cref="ResultAccepted"/> items, given once for the row.
/// </summary>
/// <param name="Row">The 1-based data row.</param>
/// <param name="Results">How many results the row produced.</param>
/// <param name="Warnings">The row's warnings.</param>
public sealed record RowAcceptedWithWarnings(long Row, int Results, IReadOnlyList<ValidationIssue> Warnings) : ValidationEvent
{
    /// <summary>Returns a text without values: the row and the warning codes.</summary>
    /// <returns>The row, result count and warning codes.</returns>
    public override string ToString() =>
        $"RowAcceptedWithWarnings {{ Row = {Row}, Results = {Results}, Warnings = {string.Join(", ", Warnings.Select(i => i.Code))} }}";
}

/// <summary>What a validation hands out besides the rows set aside and the summary.</summary>
public enum ValidationMode
{
    /// <summary>Every accepted result as a <see cref="ResultAccepted"/> with its <see cref="LabResult"/> (what the pipeline maps to HL7).</summary>
    Full = 0,

    /// <summary>
    /// Every check of <see cref="Full"/>, but no result objects: accepted rows are only counted (their warnings come as
    /// <see cref="RowAcceptedWithWarnings"/>). The rows set aside, the file issues and the summary (counts and verdict
    /// included) are the same as in <see cref="Full"/>. For checking a file (<c>hematology validate</c>), or a first pass
    /// that decides whether a file is worth mapping.
    /// </summary>
    IssuesOnly,
}

/// <summary>Why a row did not become results.</summary>
public enum RowDisposition
{
    /// <summary>The row has errors; it goes to quarantine with its issues.</summary>
    Rejected = 0,

    /// <summary>The row is a quality-control measurement; it goes to QC handling, never to a patient report.</summary>
    QualityControl,

    /// <summary>The row's parameter is excluded by the profile (research or not reportable); counted and kept for the audit trail.</summary>
    Excluded,
}

/// <summary>A data row that did not become results, with why, ready to be quarantined.</summary>
/// <param name="Row">The 1-based data row.</param>
/// <param name="Disposition">What happens to the row.</param>
/// <param name="Issues">Every issue found in the row.</param>
public sealed record RowSetAside(long Row, RowDisposition Disposition, IReadOnlyList<ValidationIssue> Issues) : ValidationEvent
{
    /// <summary>Gets the 1-based physical line where the row starts, or 0 when not known.</summary>
    public long Line { get; init; }

    /// <summary>
    /// Gets the row's text as it appears in the input (decoded), for the quarantine file. It is protected health
    /// information: write it only to the quarantine, never to logs or audit details.
    /// </summary>
    public string RawRecord { get; init; } = string.Empty;

    /// <summary>Returns a redacted text (no <see cref="RawRecord"/>), safe for logs.</summary>
    /// <returns>The row, disposition and issue codes.</returns>
    public override string ToString() =>
        $"RowSetAside {{ Row = {Row}, Disposition = {Disposition}, Issues = {string.Join(", ", Issues.Select(i => i.Code))} }}";
}

/// <summary>The last item of every validation: the file-level summary.</summary>
/// <param name="Summary">The summary.</param>
public sealed record ValidationCompleted(ValidationSummary Summary) : ValidationEvent;

/// <summary>The file-level verdict.</summary>
public enum FileVerdict
{
    /// <summary>Every patient row became results (QC and excluded rows are reported, not errors).</summary>
    Accepted = 0,

    /// <summary>The file is accepted, but some rows were rejected and are set aside for quarantine.</summary>
    AcceptedWithRejectedRows,

    /// <summary>The file as a whole is rejected: none of its results may be used; the file goes to quarantine.</summary>
    Rejected,
}

/// <summary>What validating one file found: the verdict, the encoding decision and the counts.</summary>
public sealed record ValidationSummary
{
    /// <summary>Gets the name of the profile the file was validated with.</summary>
    public required string ProfileName { get; init; }

    /// <summary>Gets the file-level verdict.</summary>
    public required FileVerdict Verdict { get; init; }

    /// <summary>Gets how the file's bytes were decoded, and why (for the audit trail).</summary>
    public required EncodingDecision Encoding { get; init; }

    /// <summary>Gets the issues about the file as a whole or its header (row 0), and the policy's reason for a rejection.</summary>
    public IReadOnlyList<ValidationIssue> FileIssues { get; init; } = [];

    /// <summary>Gets the number of data rows read (header, trailer and empty lines not counted).</summary>
    public long DataRows { get; init; }

    /// <summary>Gets the number of results accepted.</summary>
    public long ResultsAccepted { get; init; }

    /// <summary>Gets the number of rows rejected (set aside for quarantine).</summary>
    public long RowsRejected { get; init; }

    /// <summary>Gets the number of quality-control rows set aside.</summary>
    public long QualityControlRows { get; init; }

    /// <summary>Gets the number of rows set aside because their parameter is excluded (long layout).</summary>
    public long ExcludedRows { get; init; }

    /// <summary>Gets the header names of columns the profile excludes (research parameters) or does not know (wide layout).</summary>
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];

    /// <summary>Gets the number of bytes read from the input.</summary>
    public long BytesRead { get; init; }

    /// <summary>Gets how long the validation took.</summary>
    public TimeSpan Elapsed { get; init; }
}
