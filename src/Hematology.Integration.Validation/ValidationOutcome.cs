namespace Hematology.Integration.Validation;

/// <summary>Everything one validation produced, collected: for small files and tests.</summary>
public sealed record ValidationOutcome
{
    /// <summary>Gets the accepted results, in file order. Use them only when <see cref="Verdict"/> is not <see cref="FileVerdict.Rejected"/>.</summary>
    public required IReadOnlyList<LabResult> Results { get; init; }

    /// <summary>Gets the rows set aside (rejected, quality control, excluded), each with its issues.</summary>
    public required IReadOnlyList<RowSetAside> SetAside { get; init; }

    /// <summary>Gets warnings attached to accepted results.</summary>
    public required IReadOnlyList<ValidationIssue> Warnings { get; init; }

    /// <summary>Gets the file-level summary.</summary>
    public required ValidationSummary Summary { get; init; }

    /// <summary>Gets the file-level verdict.</summary>
    public FileVerdict Verdict => Summary.Verdict;

    /// <summary>Gets every issue: the file's, then the set-aside rows' and the warnings, in row order.</summary>
    public IEnumerable<ValidationIssue> AllIssues =>
        Summary.FileIssues.Concat(SetAside.SelectMany(r => r.Issues).Concat(Warnings).OrderBy(i => i.Row));
}
