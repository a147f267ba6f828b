namespace Hematology.Integration.Monitoring;

/// <summary>
/// What a host sees of a running pipeline: a snapshot of its state, a stream of settled files and messages, and a way
/// to wait until all work in sight is done. Registered by <c>AddHematologyPipeline</c>; resolve it from the host's
/// services. Nothing it reports carries patient data: names, hashes, control ids, counts and reasons only.
/// </summary>
public interface IPipelineMonitor
{
    /// <summary>Gets the pipeline's current state and totals since the host started.</summary>
    /// <returns>A snapshot.</returns>
    PipelineSnapshot GetSnapshot();

    /// <summary>
    /// Streams every file and message settled from now on (<see cref="FileSettled"/>, <see cref="MessageSettled"/>),
    /// in the order they settle, until <paramref name="cancellationToken"/> is cancelled. Each call gets its own stream.
    /// </summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The activity.</returns>
    IAsyncEnumerable<PipelineActivity> WatchAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes when the pipeline is idle: the runner has started and recovered the spool, every analyzer has been
    /// polled at least once since its last acquired file, every acquired file is settled, and every outbox is empty,
    /// with every message that left it already counted in <see cref="GetSnapshot"/>.
    /// While the emergency pause holds messages back it does not complete.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when idle.</returns>
    /// <exception cref="InvalidOperationException">The pipeline stopped before it was idle: the host is shutting down, or an error it cannot work around (such as a full spool disk) stopped it; the inner exception is that error.</exception>
    Task WaitForIdleAsync(CancellationToken cancellationToken = default);
}
