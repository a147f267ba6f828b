namespace Hematology.Integration.Validation;

/// <summary>
/// What a validation in <see cref="ValidationMode.IssuesOnly"/> found, collected: the rows set aside, the warnings and
/// the summary, without the accepted results (see <see cref="ResultFileValidatorExtensions.CheckAllAsync(IResultFileValidator, Stream, AnalyzerId, Profiles.AnalyzerProfile, CancellationToken)"/>).
/// </summary>
public sealed record ValidationReport
{
    /// <summary>Gets the rows set aside (rejected, quality control, excluded), each with its issues.</summary>
    public required IReadOnlyList<RowSetAside> SetAside { get; init; }

    /// <summary>Gets the warnings of accepted rows.</summary>
    public required IReadOnlyList<ValidationIssue> Warnings { get; init; }

    /// <summary>Gets the file-level summary.</summary>
    public required ValidationSummary Summary { get; init; }

    /// <summary>Gets the file-level verdict.</summary>
    public FileVerdict Verdict => Summary.Verdict;

    /// <summary>Gets every issue: the file's, then the set-aside rows' and the warnings, in row order.</summary>
    public IEnumerable<ValidationIssue> AllIssues =>
        Summary.FileIssues.Concat(SetAside.SelectMany(r => r.Issues).Concat(Warnings).OrderBy(i => i.Row));
}
