using Hematology.Integration.Validation.Profiles;

namespace Hematology.Integration.Validation;

/// <summary>Conveniences over <see cref="IResultFileValidator"/>.</summary>
public static class ResultFileValidatorExtensions
{
    /// <summary>Validates an acquired file from its durable local copy, streaming the events.</summary>
    /// <param name="validator">The validator.</param>
    /// <param name="file">The acquired file.</param>
    /// <param name="profile">The analyzer profile.</param>
    /// <param name="cancellationToken">Cancels the validation.</param>
    /// <returns>The validation events, ending with the summary.</returns>
    public static async IAsyncEnumerable<ValidationEvent> ValidateAsync(
        this IResultFileValidator validator,
        AcquiredFile file,
        AnalyzerProfile profile,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(profile);
        var stream = new FileStream(file.LocalPath, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            // Asynchronous file handles only help where the OS reads files asynchronously (Windows); elsewhere .NET would
            // run a blocking read on the thread pool for every buffer, which the validator avoids by reading directly.
            Options = OperatingSystem.IsWindows() ? FileOptions.Asynchronous | FileOptions.SequentialScan : FileOptions.SequentialScan,
            BufferSize = 0,
        });
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var item in validator.ValidateAsync(stream, file.AnalyzerId, profile, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }

    /// <summary>Validates a stream and collects the whole outcome in memory (for small files; stream large ones).</summary>
    /// <param name="validator">The validator.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="analyzerId">The analyzer the file came from.</param>
    /// <param name="profile">The analyzer profile.</param>
    /// <param name="cancellationToken">Cancels the validation.</param>
    /// <returns>The collected outcome.</returns>
    public static Task<ValidationOutcome> ValidateAllAsync(
        this IResultFileValidator validator,
        Stream content,
        AnalyzerId analyzerId,
        AnalyzerProfile profile,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return CollectAsync(validator.ValidateAsync(content, analyzerId, profile, cancellationToken), cancellationToken);
    }

    /// <summary>Validates an acquired file and collects the whole outcome in memory (for small files; stream large ones).</summary>
    /// <param name="validator">The validator.</param>
    /// <param name="file">The acquired file.</param>
    /// <param name="profile">The analyzer profile.</param>
    /// <param name="cancellationToken">Cancels the validation.</param>
    /// <returns>The collected outcome.</returns>
    public static Task<ValidationOutcome> ValidateAllAsync(
        this IResultFileValidator validator,
        AcquiredFile file,
        AnalyzerProfile profile,
        CancellationToken cancellationToken = default) =>
        CollectAsync(validator.ValidateAsync(file, profile, cancellationToken), cancellationToken);

    /// <summary>
    /// Checks a stream in <see cref="ValidationMode.IssuesOnly"/> and collects the rows set aside, the warnings and the
    /// summary: the same issues and verdict as <see cref="ValidateAllAsync(IResultFileValidator, Stream, AnalyzerId, AnalyzerProfile, CancellationToken)"/>,
    /// without building the accepted results.
    /// </summary>
    /// <param name="validator">The validator.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="analyzerId">The analyzer the file came from.</param>
    /// <param name="profile">The analyzer profile.</param>
    /// <param name="cancellationToken">Cancels the validation.</param>
    /// <returns>The collected report.</returns>
    public static Task<ValidationReport> CheckAllAsync(
        this IResultFileValidator validator,
        Stream content,
        AnalyzerId analyzerId,
        AnalyzerProfile profile,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return CollectReportAsync(validator.ValidateAsync(content, analyzerId, profile, ValidationMode.IssuesOnly, cancellationToken), cancellationToken);
    }

    private static async Task<ValidationReport> CollectReportAsync(IAsyncEnumerable<ValidationEvent> events, CancellationToken cancellationToken)
    {
        var (_, setAside, warnings, summary) = await CollectEventsAsync(events, cancellationToken).ConfigureAwait(false);
        return new ValidationReport { SetAside = setAside, Warnings = warnings, Summary = summary };
    }

    private static async Task<ValidationOutcome> CollectAsync(IAsyncEnumerable<ValidationEvent> events, CancellationToken cancellationToken)
    {
        var (results, setAside, warnings, summary) = await CollectEventsAsync(events, cancellationToken).ConfigureAwait(false);
        return new ValidationOutcome { Results = results, SetAside = setAside, Warnings = warnings, Summary = summary };
    }

    /// <summary>Collects one validation's events, whichever mode produced them (accepted results carry their warnings in full mode, come as warnings alone in issues-only mode).</summary>
    private static async Task<(List<LabResult> Results, List<RowSetAside> SetAside, List<ValidationIssue> Warnings, ValidationSummary Summary)> CollectEventsAsync(
        IAsyncEnumerable<ValidationEvent> events,
        CancellationToken cancellationToken)
    {
        var results = new List<LabResult>();
        var setAside = new List<RowSetAside>();
        var warnings = new List<ValidationIssue>();
        ValidationSummary? summary = null;
        await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            switch (item)
            {
                case ResultAccepted accepted:
                    results.Add(accepted.Result);
                    warnings.AddRange(accepted.Warnings);
                    break;
                case RowAcceptedWithWarnings accepted:
                    warnings.AddRange(accepted.Warnings);
                    break;
                case RowSetAside row:
                    setAside.Add(row);
                    break;
                case ValidationCompleted completed:
                    summary = completed.Summary;
                    break;
            }
        }

        return (results, setAside, warnings.Distinct().ToList(), summary ?? throw new InvalidOperationException("The validation ended without a summary."));
    }
}
