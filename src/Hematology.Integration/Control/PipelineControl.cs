namespace Hematology.Integration.Control;

/// <summary>The running pipeline's state as an operator sees it.</summary>
public sealed record PipelineStatus
{
    /// <summary>Gets whether the emergency pause is active.</summary>
    public required bool Paused { get; init; }

    /// <summary>Gets why the pipeline is paused (the trigger, or the operator's reason).</summary>
    public string? PauseReason { get; init; }

    /// <summary>Gets since when the pipeline is paused.</summary>
    public DateTimeOffset? PausedSince { get; init; }

    /// <summary>Gets how many messages wait in the outboxes.</summary>
    public int OutboxDepth { get; init; }

    /// <summary>Gets how many items are in quarantine.</summary>
    public int QuarantineCount { get; init; }

    /// <summary>Gets how many files were settled since the host started.</summary>
    public long FilesSettled { get; init; }
}

/// <summary>Operator actions on a running pipeline (the control channel calls these).</summary>
public interface IPipelineControl
{
    /// <summary>Gets the pipeline's state.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state.</returns>
    ValueTask<PipelineStatus> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary>Pauses polling and dispatch now, draining in-flight messages to quarantine.</summary>
    /// <param name="operatorName">Who pauses (audited).</param>
    /// <param name="reason">Why (audited).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state after the call.</returns>
    ValueTask<PipelineStatus> PauseAsync(string operatorName, string reason, CancellationToken cancellationToken);

    /// <summary>Resumes after an emergency pause; requires the operator's name and reason (audited).</summary>
    /// <param name="operatorName">Who resumes.</param>
    /// <param name="reason">Why it is safe to resume.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state after the call.</returns>
    ValueTask<PipelineStatus> ResumeAsync(string operatorName, string reason, CancellationToken cancellationToken);

    /// <summary>Moves a quarantined message back to the end of its outbox, keeping its control id (audited).</summary>
    /// <param name="id">The quarantine id, as <c>hematology quarantine list</c> shows it.</param>
    /// <param name="operatorName">Who requeues.</param>
    /// <param name="reason">Why it can be sent now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state after the call.</returns>
    ValueTask<PipelineStatus> RequeueAsync(string id, string operatorName, string reason, CancellationToken cancellationToken);
}
