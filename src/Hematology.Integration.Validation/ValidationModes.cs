using System.Runtime.CompilerServices;

namespace Hematology.Integration.Validation;

/// <summary>Turns a full validation's events into those of <see cref="ValidationMode.IssuesOnly"/> (for validators that only implement the full mode).</summary>
internal static class ValidationModes
{
    public static async IAsyncEnumerable<ValidationEvent> IssuesOnlyAsync(IAsyncEnumerable<ValidationEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long row = 0;
        var results = 0;
        IReadOnlyList<ValidationIssue> warnings = [];
        await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (item is ResultAccepted accepted)
            {
                if (accepted.Result.SourceRow != row)
                {
                    if (results > 0 && warnings.Count > 0)
                    {
                        yield return new RowAcceptedWithWarnings(row, results, warnings);
                    }

                    row = accepted.Result.SourceRow;
                    results = 0;
                }

                results++;
                warnings = accepted.Warnings;
                continue;
            }

            if (results > 0 && warnings.Count > 0)
            {
                yield return new RowAcceptedWithWarnings(row, results, warnings);
            }

            results = 0;
            row = 0;
            yield return item;
        }
    }
}
