namespace Hematology.Integration.Pipeline;

/// <summary>One analyzer's file source as the pipeline uses it (FTP/FTPS or a local folder).</summary>
internal interface IAnalyzerSourcePort : IAsyncDisposable
{
    AnalyzerId AnalyzerId { get; }

    TimeSpan PollInterval { get; }

    /// <summary>
    /// Polls once: lists the source, takes every stable file into the spool's <c>acquired/&lt;analyzer&gt;/</c>
    /// folder durably, and only then removes or archives it at the source.
    /// </summary>
    /// <returns>The files acquired by this poll, in deterministic order (modified time, then name).</returns>
    ValueTask<IReadOnlyList<AcquiredFile>> PollAsync(CancellationToken cancellationToken);

    /// <summary>Gets how many files the last poll saw at the source but did not take (not yet stable, or failing).</summary>
    int PendingAtSource { get; }
}
