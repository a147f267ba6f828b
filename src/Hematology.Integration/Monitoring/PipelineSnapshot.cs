namespace Hematology.Integration.Monitoring;

/// <summary>The pipeline's state and its totals since the host started.</summary>
public sealed record PipelineSnapshot
{
    /// <summary>Gets whether the pipeline runner is running (it has recovered the spool and polls).</summary>
    public bool Running { get; init; }

    /// <summary>Gets whether the emergency pause is active (polling and dispatch stopped).</summary>
    public bool Paused { get; init; }

    /// <summary>Gets why the pipeline is paused, when it is.</summary>
    public string? PauseReason { get; init; }

    /// <summary>Gets how many messages wait in the outboxes.</summary>
    public int OutboxDepth { get; init; }

    /// <summary>Gets how many files were acquired but are not settled yet.</summary>
    public int FilesInProgress { get; init; }

    /// <summary>Gets the destinations whose circuit breaker is open.</summary>
    public IReadOnlyList<string> OpenCircuits { get; init; } = [];

    /// <summary>Gets how many files were settled.</summary>
    public long FilesSettled { get; init; }

    /// <summary>Gets how many files were accepted whole.</summary>
    public long FilesAccepted { get; init; }

    /// <summary>Gets how many files were accepted with some rows set aside.</summary>
    public long FilesWithRejectedRows { get; init; }

    /// <summary>Gets how many files were rejected whole (quarantined).</summary>
    public long FilesRejected { get; init; }

    /// <summary>Gets how many results passed validation.</summary>
    public long ResultsAccepted { get; init; }

    /// <summary>Gets how many rows were set aside.</summary>
    public long RowsRejected { get; init; }

    /// <summary>Gets how many messages were queued.</summary>
    public long MessagesQueued { get; init; }

    /// <summary>Gets how many messages were delivered (AA/CA).</summary>
    public long MessagesDelivered { get; init; }

    /// <summary>Gets how many messages were quarantined.</summary>
    public long MessagesQuarantined { get; init; }
}
