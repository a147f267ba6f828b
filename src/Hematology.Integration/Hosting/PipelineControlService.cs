using Hematology.Integration.Control;
using Hematology.Integration.Pipeline;
using Hematology.Integration.Resilience;
using Hematology.Integration.Spool;

namespace Hematology.Integration.Hosting;

/// <summary>The default <see cref="IPipelineControl"/>: operator actions on the running pipeline, each audited with the operator's name and reason.</summary>
internal sealed class PipelineControlService(
    IEmergencyPause pause,
    DurableSpool spool,
    IAuditPort audit,
    Monitoring.PipelineMonitor monitor,
    DispatcherRegistry dispatchers) : IPipelineControl
{
    public ValueTask<PipelineStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var state = pause.State;
        return ValueTask.FromResult(new PipelineStatus
        {
            Paused = state.IsPaused,
            PauseReason = state.IsPaused ? state.Reason ?? state.Trigger?.ToString() : null,
            PausedSince = state.IsPaused ? state.Since : null,
            OutboxDepth = spool.CountOutbox(),
            QuarantineCount = spool.ListQuarantine().Count,
            FilesSettled = monitor.GetSnapshot().FilesSettled,
        });
    }

    public async ValueTask<PipelineStatus> PauseAsync(string operatorName, string reason, CancellationToken cancellationToken)
    {
        RequireOperator(operatorName, reason);
        await pause.PauseAsync(operatorName, reason, cancellationToken).ConfigureAwait(false);
        return await GetStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<PipelineStatus> ResumeAsync(string operatorName, string reason, CancellationToken cancellationToken)
    {
        RequireOperator(operatorName, reason);
        if (!await pause.ResumeAsync(operatorName, reason, cancellationToken).ConfigureAwait(false) && pause.IsPaused)
        {
            throw new InvalidOperationException("The pipeline was not resumed: resuming by an operator is not allowed by Resilience:Pause:ResumeMode.");
        }

        dispatchers.WakeAll();
        return await GetStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<PipelineStatus> RequeueAsync(string id, string operatorName, string reason, CancellationToken cancellationToken)
    {
        RequireOperator(operatorName, reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var quarantinedAt = spool.ListQuarantine().FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.Ordinal))?.Path;
        var (item, previous) = await spool.RequeueAsync(id, cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(new PipelineAuditEvent
        {
            Type = PipelineEvents.MessageRequeued,
            CorrelationId = CorrelationId.TryParse(previous.CorrelationId, out var correlation) ? correlation : null,
            AnalyzerId = AnalyzerId.TryCreate(previous.AnalyzerId, out var analyzer) ? analyzer : null,
            MessageType = "ORU^R01",
            ControlId = item.ControlId,
            Destination = item.Destination,
            FilePath = quarantinedAt,
            Disposition = "outbox",
            Operator = operatorName,
            Reason = reason,
            Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["previousReason"] = previous.Reason, ["previousCode"] = previous.Code },
        }, cancellationToken).ConfigureAwait(false);
        dispatchers.WakeAll();
        return await GetStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void RequireOperator(string operatorName, string reason)
    {
        if (string.IsNullOrWhiteSpace(operatorName) || string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("An operator name and a reason are required (they are audited).", string.IsNullOrWhiteSpace(operatorName) ? nameof(operatorName) : nameof(reason));
        }
    }
}

/// <summary>Writes every pause and resume to the audit trail, with the operator and reason when there is one.</summary>
internal sealed class PauseAuditListener(IAuditPort audit) : IPauseListener
{
    public ValueTask OnPauseStateChangedAsync(PauseStateChange change, CancellationToken cancellationToken) =>
        audit.WriteAsync(new PipelineAuditEvent
        {
            Type = change.Current.IsPaused ? PipelineEvents.PauseTriggered : PipelineEvents.PauseCleared,
            Operator = change.Operator,
            Reason = change.Reason,
            Disposition = change.Current.IsPaused ? "paused" : "running",
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["source"] = change.Source.ToString(),
                ["trigger"] = (change.Current.Trigger ?? change.Previous.Trigger)?.ToString() ?? "none",
            },
        }, cancellationToken);
}
