using System.Runtime.CompilerServices;
using CsvHelper;
using Hematology.Integration.Validation.Diagnostics;
using Hematology.Integration.Validation.Profiles;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Validation.Engine;

/// <summary>The default <see cref="IResultFileValidator"/> on CsvHelper's byte-based reader.</summary>
internal sealed class ResultFileValidator : IResultFileValidator
{
    private readonly ResultFileValidatorOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;

    public ResultFileValidator(ResultFileValidatorOptions options, ILogger<ResultFileValidator> logger, TimeProvider timeProvider)
    {
        this.options = options;
        this.logger = logger;
        this.timeProvider = timeProvider;
    }

    public IAsyncEnumerable<ValidationEvent> ValidateAsync(Stream content, AnalyzerId analyzerId, AnalyzerProfile profile, CancellationToken cancellationToken = default) =>
        ValidateAsync(content, analyzerId, profile, ValidationMode.Full, cancellationToken);

    public IAsyncEnumerable<ValidationEvent> ValidateAsync(Stream content, AnalyzerId analyzerId, AnalyzerProfile profile, ValidationMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(profile);
        if (!content.CanRead)
        {
            throw new ArgumentException("The content stream must be readable.", nameof(content));
        }

        if (string.IsNullOrEmpty(analyzerId.Value))
        {
            throw new ArgumentException("The analyzer id must be set.", nameof(analyzerId));
        }

        // Checked eagerly, so that a bad profile throws at the call rather than at the first MoveNextAsync.
        if (mode is not (ValidationMode.Full or ValidationMode.IssuesOnly))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown validation mode.");
        }

        var compiled = CompiledProfile.Get(profile);
        return RunAsync(content, analyzerId, compiled, mode, cancellationToken);
    }

    private async IAsyncEnumerable<ValidationEvent> RunAsync(Stream content, AnalyzerId analyzerId, CompiledProfile compiled, ValidationMode mode, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        ValidationLog.Started(logger, analyzerId, compiled.Profile.Name);
        using var timeout = new CancellationTokenSource(options.MaxDuration, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var run = new FileRun(compiled, analyzerId, options, mode, linked.Token);
        try
        {
            var more = true;
            while (more)
            {
                try
                {
                    more = await run.StepAsync(content).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    ValidationLog.TimedOut(logger, analyzerId, (long)options.MaxDuration.TotalMilliseconds);
                    run.TimedOut(options.MaxDuration);
                    more = false;
                }
                catch (CsvFormatException ex)
                {
                    run.FormatError(ex);
                    more = false;
                }

                while (run.TryDequeue(out var item))
                {
                    yield return item;
                }
            }

            var summary = run.Complete(timeProvider.GetElapsedTime(started));
            while (run.TryDequeue(out var item))
            {
                yield return item;
            }

            foreach (var issue in summary.FileIssues)
            {
                if (issue.Severity == IssueSeverity.Error)
                {
                    ValidationLog.FileIssue(logger, analyzerId, issue.Code, issue.Row, issue.Column, issue.Message);
                }
            }

            ValidationLog.Completed(logger, analyzerId, summary.ProfileName, summary.Verdict, summary.Encoding.Name, summary.Encoding.Reason,
                summary.DataRows, summary.ResultsAccepted, summary.RowsRejected, summary.QualityControlRows, summary.ExcludedRows, (long)summary.Elapsed.TotalMilliseconds);
            yield return new ValidationCompleted(summary);
        }
        finally
        {
            // Cancels a read still in flight when the consumer stops early, then releases the reader.
            await timeout.CancelAsync().ConfigureAwait(false);
            await run.DisposeAsync().ConfigureAwait(false);
        }
    }
}
