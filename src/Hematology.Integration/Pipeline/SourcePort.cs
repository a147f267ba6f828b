using System.Threading.Channels;

namespace Hematology.Integration.Pipeline;

/// <summary>One analyzer's file source as the pipeline uses it (FTP/FTPS or a local folder).</summary>
internal interface IAnalyzerSourcePort : IAsyncDisposable
{
    AnalyzerId AnalyzerId { get; }

    TimeSpan PollInterval { get; }

    /// <summary>
    /// Polls once: lists the source, takes every stable file into the spool's <c>acquired/&lt;analyzer&gt;/</c>
    /// folder durably, writes it to <paramref name="acquired"/> as soon as its local copy is durable, and only then
    /// removes or archives it at the source.
    /// </summary>
    /// <param name="acquired">
    /// Receives the files acquired by this poll, one by one, in deterministic order (modified time, then name), while
    /// the poll goes on with the next ones. The caller completes it.
    /// </param>
    /// <param name="cancellationToken">Stops the poll; files already written stay durable in <c>acquired/</c>.</param>
    ValueTask PollAsync(ChannelWriter<AcquiredFile> acquired, CancellationToken cancellationToken);

    /// <summary>Gets how many files the last poll saw at the source but did not take (not yet stable, or failing).</summary>
    int PendingAtSource { get; }
}
