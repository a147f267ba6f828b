using Hematology.Integration.Resilience;
using System.Diagnostics;
using System.Globalization;
using Hematology.Integration.Diagnostics;
using Hematology.Integration.Monitoring;
using Hematology.Integration.Spool;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Pipeline;

/// <summary>
/// Sends one destination's outbox, one message at a time, in outbox order (HL7 original mode). A message leaves
/// the outbox only for <c>sent/</c> (after an AA/CA whose MSA-2 equals its MSH-10) or for <c>quarantine/</c>
/// with a reason; on shutdown it stays and is resent, with the same control id, after the restart.
/// </summary>
internal sealed partial class Dispatcher(
    IDestinationPort destination,
    DurableSpool spool,
    IDeliveryPolicy policy,
    IEmergencyPause pause,
    IAuditPort audit,
    PipelineTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<Dispatcher> logger) : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>The most acknowledged messages settled together (one audit flush, one flush per folder).</summary>
    internal const int MaxSettleBatch = 16;

    /// <summary>How long to wait for a wake-up before looking at the outbox again.</summary>
    public TimeSpan IdleRescan { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets who is told about each message's final disposition (the monitor).</summary>
    public IPipelineObserver? Observer { get; init; }

    public string Name => destination.Name;

    public void Dispose() => _wake.Dispose();

    /// <summary>Wakes the dispatcher when messages were queued.</summary>
    public void Wake() => _wake.Release();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await pause.WaitWhilePausedAsync(cancellationToken).ConfigureAwait(false);
            var items = spool.ListOutbox(destination.Name);
            pause.ReportOutboxDepth(spool.CountOutbox());
            if (items.Count == 0)
            {
                await WaitForWorkAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Acknowledged messages are settled in batches: their ack.received entries made durable with one flush, then
            // all moved to sent/ with one flush of each folder. Settling happens before anything else is settled or
            // the outbox is listed again, and for whatever was acknowledged when the loop stops.
            var delivered = new List<Delivery>(MaxSettleBatch);
            try
            {
                foreach (var item in items)
                {
                    if (pause.IsPaused || cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    var delivery = await SendAsync(item, cancellationToken).ConfigureAwait(false);
                    if (delivery.Decision.Kind == DeliveryDecisionKind.Delivered)
                    {
                        delivered.Add(delivery);
                        if (delivered.Count >= MaxSettleBatch)
                        {
                            await SettleDeliveredAsync(delivered, cancellationToken).ConfigureAwait(false);
                        }

                        continue;
                    }

                    await SettleDeliveredAsync(delivered, cancellationToken).ConfigureAwait(false);
                    await SettleAsync(delivery, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                // Also when stopping: what the receiver acknowledged is recorded and moved, not sent again.
                await SettleDeliveredAsync(delivered, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Delivers one queued message and moves it to sent/ or quarantine/.</summary>
    internal async ValueTask DeliverAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var delivery = await SendAsync(item, cancellationToken).ConfigureAwait(false);
        await SettleAsync(delivery, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one queued message under the delivery policy; nothing is moved yet.</summary>
    private async ValueTask<Delivery> SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var metadata = await DurableSpool.ReadMetadataAsync(item, cancellationToken).ConfigureAwait(false);
        var content = await File.ReadAllBytesAsync(item.Path, cancellationToken).ConfigureAwait(false);
        using var activity = PipelineTelemetry.Source.StartActivity("hematology.message", ActivityKind.Producer);
        activity?.SetTag(HematologyDiagnostics.ControlIdTag, item.ControlId);
        activity?.SetTag(HematologyDiagnostics.DestinationTag, destination.Name);
        activity?.SetTag(HematologyDiagnostics.CorrelationIdTag, metadata?.CorrelationId);

        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, pause.PauseToken);
        DeliveryDecision decision;
        try
        {
            decision = await policy.ExecuteAsync(destination.Name, async attempt =>
            {
                if (attempt.Attempt > 1)
                {
                    await AuditAsync(PipelineEvents.MessageRetried, item, metadata, null, attempt.Attempt - 1, "retry", null, attempt.CancellationToken).ConfigureAwait(false);
                }

                var result = await destination.SendAsync(content, item.ControlId, attempt.CancellationToken).ConfigureAwait(false);
                telemetry.DeliveryAttempts.Add(1, new(HematologyDiagnostics.DestinationTag, destination.Name), new(HematologyDiagnostics.OutcomeTag, result.Kind.ToString()));
                if (result.AckCode is not null)
                {
                    telemetry.AckLatency.Record(result.Latency.TotalMilliseconds, new KeyValuePair<string, object?>(HematologyDiagnostics.DestinationTag, destination.Name));
                }

                pause.ReportDelivery(destination.Name, result);
                return result;
            }, drain.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && pause.IsPaused)
        {
            // The emergency pause drains in-flight work to quarantine/ack_timeout/.
            decision = new DeliveryDecision(DeliveryDecisionKind.Quarantine, new DeliveryResult(DeliveryOutcomeKind.AckTimeout, null, TimeSpan.Zero, "drained by the emergency pause"), 0, QuarantineReasons.AckTimeout);
        }

        return new Delivery(item, metadata, decision);
    }

    /// <summary>Settles a sent message: audited, then moved to sent/ or quarantine/ (a deferred one stays first in the outbox).</summary>
    private async ValueTask SettleAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var (item, metadata, decision) = delivery;
        if (decision.Kind == DeliveryDecisionKind.Deferred)
        {
            // The policy gave up for now (connection retries exhausted): the message stays first in the outbox.
            return;
        }

        if (decision.Kind == DeliveryDecisionKind.Delivered)
        {
            await SettleDeliveredAsync([delivery], cancellationToken).ConfigureAwait(false);
            return;
        }

        var reasonFolder = decision.QuarantineReason ?? QuarantineReasons.ProtocolError;
        var code = decision.LastResult.AckCode ?? decision.LastResult.Kind.ToString();
        await AuditAsync(PipelineEvents.MessageQuarantined, item, metadata, decision.LastResult, Math.Max(0, decision.Attempts - 1), "quarantine/" + reasonFolder, code, cancellationToken).ConfigureAwait(false);

        // From the move out of the outbox to the report the pipeline is not idle (the monitor counts the report).
        Observer?.SettlingStarted();
        try
        {
            await QuarantineAsync(item, metadata, decision, reasonFolder, code, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Observer?.SettlingEnded();
        }
    }

    private async ValueTask QuarantineAsync(OutboxItem item, OutboxMetadata? metadata, DeliveryDecision decision, string reasonFolder, string code, CancellationToken cancellationToken)
    {
        await spool.QuarantineMessageAsync(item, new QuarantineReason
        {
            Reason = reasonFolder,
            Code = code,
            Summary = $"Not delivered to {destination.Name} after {decision.Attempts} attempt(s): {decision.LastResult.Kind}. {decision.LastResult.Detail}",
            QuarantinedAt = timeProvider.GetUtcNow(),
            CorrelationId = metadata?.CorrelationId,
            AnalyzerId = metadata?.AnalyzerId,
            ControlId = item.ControlId,
            Destination = destination.Name,
            Details = [$"last outcome: {decision.LastResult.Kind}", $"ack: {decision.LastResult.AckCode ?? "none"}", $"detail: {decision.LastResult.Detail}"],
        }, cancellationToken).ConfigureAwait(false);
        telemetry.MessagesQuarantined.Add(1, new KeyValuePair<string, object?>(HematologyDiagnostics.OutcomeTag, reasonFolder));
        LogQuarantined(logger, item.ControlId, destination.Name, decision.LastResult.Kind.ToString(), reasonFolder);
        Observer?.MessageSettled(Settled(item, metadata, decision, MessageDisposition.Quarantined, reasonFolder));
    }

    /// <summary>
    /// Settles acknowledged messages, in order, and empties <paramref name="delivered"/>: their ack.received entries are
    /// made durable first (one flush), then they move to sent/ (one flush per folder). A crash in between resends them
    /// (same MSH-10) and audits them again, so an acknowledged message always has its ack.received entry.
    /// </summary>
    private async ValueTask SettleDeliveredAsync(List<Delivery> delivered, CancellationToken cancellationToken)
    {
        if (delivered.Count == 0)
        {
            return;
        }

        var batch = delivered.ToArray();
        delivered.Clear();
        var pending = new PendingAuditWrites();
        foreach (var (item, metadata, decision) in batch)
        {
            pending.Add(AuditAsync(PipelineEvents.AckReceived, item, metadata, decision.LastResult, decision.Attempts - 1, "sent", null, cancellationToken));
        }

        await pending.FlushAsync().ConfigureAwait(false);

        // From the move out of the outbox to the last report the pipeline is not idle (the monitor counts the reports).
        Observer?.SettlingStarted();
        try
        {
            spool.MarkSent(batch.Select(d => d.Item).ToList());
            ReportDelivered(batch);
        }
        finally
        {
            Observer?.SettlingEnded();
        }
    }

    private void ReportDelivered(Delivery[] batch)
    {
        foreach (var (item, metadata, decision) in batch)
        {
            telemetry.MessagesDelivered.Add(1, new KeyValuePair<string, object?>(HematologyDiagnostics.DestinationTag, destination.Name));
            if (metadata?.AcquiredAt is { } acquiredAt)
            {
                telemetry.StableToAck.Record((timeProvider.GetUtcNow() - acquiredAt).TotalMilliseconds);
            }

            LogDelivered(logger, item.ControlId, destination.Name, decision.LastResult.AckCode ?? "?", decision.Attempts);
            Observer?.MessageSettled(Settled(item, metadata, decision, MessageDisposition.Delivered, null));
        }
    }

    private readonly record struct Delivery(OutboxItem Item, OutboxMetadata? Metadata, DeliveryDecision Decision);

    private MessageSettled Settled(OutboxItem item, OutboxMetadata? metadata, DeliveryDecision decision, MessageDisposition disposition, string? reason) => new()
    {
        At = timeProvider.GetUtcNow(),
        Destination = destination.Name,
        ControlId = item.ControlId,
        CorrelationId = metadata?.CorrelationId,
        AnalyzerId = metadata?.AnalyzerId,
        Disposition = disposition,
        AckCode = decision.LastResult.AckCode,
        Attempts = decision.Attempts,
        QuarantineReason = reason,
        Detail = decision.LastResult.Detail,
    };

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(IdleRescan, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _wake.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Periodic rescan (requeued items, a pause lifted).
        }
    }

    private ValueTask AuditAsync(string type, OutboxItem item, OutboxMetadata? metadata, DeliveryResult? attempt, int retries, string disposition, string? reason, CancellationToken cancellationToken) =>
        audit.WriteAsync(new PipelineAuditEvent
        {
            Type = type,
            CorrelationId = CorrelationId.TryParse(metadata?.CorrelationId, out var correlation) ? correlation : null,
            AnalyzerId = AnalyzerId.TryCreate(metadata?.AnalyzerId, out var analyzer) ? analyzer : null,
            FileName = metadata?.SourceName,
            FileSha256 = Sha256Digest.TryParse(metadata?.FileSha256, out var sha) ? sha : null,
            MessageType = "ORU^R01",
            ControlId = item.ControlId,
            Destination = destination.Name,
            AckStatus = attempt?.AckCode ?? attempt?.Kind.ToString(),
            LatencyMs = attempt is null ? null : Math.Round(attempt.Latency.TotalMilliseconds, 1),
            RetryCount = retries,
            Disposition = disposition,
            Reason = reason,
            Details = attempt is null ? null : new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["outcome"] = attempt.Kind.ToString(),
                ["detail"] = attempt.Detail,
                ["sequence"] = item.Sequence.ToString(CultureInfo.InvariantCulture),
            },
        }, cancellationToken);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Message {ControlId} delivered to {Destination}: {AckCode} after {Attempts} attempt(s)")]
    private static partial void LogDelivered(ILogger logger, string controlId, string destination, string ackCode, int attempts);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Message {ControlId} for {Destination} quarantined: {Outcome} → quarantine/{Reason}")]
    private static partial void LogQuarantined(ILogger logger, string controlId, string destination, string outcome, string reason);
}
