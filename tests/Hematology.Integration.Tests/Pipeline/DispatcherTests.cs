using Hematology.Integration.Resilience;
using Hematology.Integration.Pipeline;
using Hematology.Integration.Spool;

namespace Hematology.Integration.Tests.Pipeline;

public sealed class DispatcherTests : IDisposable
{
    private readonly PipelineTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task DeliverAsync_Accepted_MovesToSentAndAuditsTheAck()
    {
        var items = await QueueAsync("C1");
        using var dispatcher = _bed.Dispatcher(new ScriptedDestination("lims", DeliveryOutcomeKind.Accepted));

        await dispatcher.DeliverAsync(items[0], default);

        Assert.Empty(_bed.Spool.ListOutbox("lims"));
        Assert.Single(Directory.GetFiles(_bed.Spool.SentRoot, "*.hl7", SearchOption.AllDirectories));
        var ack = Assert.Single(_bed.Audit.OfType(PipelineEvents.AckReceived));
        Assert.Equal("AA", ack.AckStatus);
        Assert.Equal("C1", ack.ControlId);
    }

    [Theory]
    [InlineData("Rejected", QuarantineReasons.Rejected, 1)]
    [InlineData("AckTimeout,AckTimeout,AckTimeout", QuarantineReasons.AckTimeout, 3)]
    [InlineData("ProtocolError", QuarantineReasons.ProtocolError, 1)]
    [InlineData("ApplicationError,ApplicationError", QuarantineReasons.ApplicationError, 2)]
    public async Task DeliverAsync_Undeliverable_QuarantinesWithTheReasonAndSameControlIdOnEveryAttempt(string script, string reason, int attempts)
    {
        var kinds = script.Split(',').Select(Enum.Parse<DeliveryOutcomeKind>).ToArray();
        var items = await QueueAsync("C2");
        var destination = new ScriptedDestination("lims", kinds);
        using var dispatcher = _bed.Dispatcher(destination);

        await dispatcher.DeliverAsync(items[0], default);

        Assert.Equal(Enumerable.Repeat("C2", attempts), destination.Sent);
        var entry = Assert.Single(_bed.Spool.ListQuarantine());
        Assert.Equal(reason, entry.Reason);
        Assert.True(entry.IsMessage);
        Assert.Single(_bed.Audit.OfType(PipelineEvents.MessageQuarantined));
        Assert.Equal(attempts - 1, _bed.Audit.OfType(PipelineEvents.MessageRetried).Count);
    }

    [Fact]
    public async Task RunAsync_SeveralMessages_SendsThemOneAtATimeInOutboxOrder()
    {
        await QueueAsync("M3", "M1", "M2");
        var destination = new ScriptedDestination("lims");
        using var dispatcher = _bed.Dispatcher(destination);
        using var cts = new CancellationTokenSource();

        var run = dispatcher.RunAsync(cts.Token);
        await WaitUntilAsync(() => destination.Sent.Count == 3);
        await cts.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Stopping may surface as a cancellation; either way the loop must end.
        }

        Assert.Equal(["M3", "M1", "M2"], destination.Sent);
        Assert.Empty(_bed.Spool.ListOutbox("lims"));
    }

    [Fact]
    public async Task RunAsync_AcknowledgedMessages_SettledInBatchesAndNoneMovedBeforeItsAckIsDurable()
    {
        // Acknowledged messages share one audit flush and one folder flush, but none moves to sent/ before its
        // ack.received entry is durable, and at most one batch is acknowledged ahead of the trail.
        var ids = Enumerable.Range(1, Dispatcher.MaxSettleBatch + 4).Select(i => $"B{i:D2}").ToArray();
        await QueueAsync(ids);
        var destination = new ScriptedDestination("lims");
        var audit = new GatedAudit();
        using var dispatcher = _bed.Dispatcher(destination, audit: audit);
        using var cts = new CancellationTokenSource();

        var run = dispatcher.RunAsync(cts.Token);
        await WaitUntilAsync(() => destination.Sent.Count == Dispatcher.MaxSettleBatch);
        await Task.Delay(200);

        Assert.Equal(ids.Take(Dispatcher.MaxSettleBatch), destination.Sent);
        Assert.Empty(Directory.GetFiles(_bed.Spool.SentRoot, "*.hl7", SearchOption.AllDirectories));
        Assert.Equal(ids.Length, _bed.Spool.ListOutbox("lims").Count);

        audit.MakeDurable();
        await WaitUntilAsync(() => _bed.Spool.ListOutbox("lims").Count == 0);
        await cts.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Stopping may surface as a cancellation; either way the loop must end.
        }

        Assert.Equal(ids, destination.Sent);
        Assert.Equal(ids.Length, Directory.GetFiles(_bed.Spool.SentRoot, "*.hl7", SearchOption.AllDirectories).Length);
        Assert.Equal(ids, audit.Events.Where(e => e.Type == PipelineEvents.AckReceived).Select(e => e.ControlId));
    }

    [Fact]
    public async Task RunAsync_AcceptedThenRejected_TheAcceptedOneIsSettledBeforeTheRejectedOneIsQuarantined()
    {
        await QueueAsync("A1", "R2", "A3");
        var destination = new ScriptedDestination("lims", DeliveryOutcomeKind.Accepted, DeliveryOutcomeKind.Rejected, DeliveryOutcomeKind.Accepted);
        using var dispatcher = _bed.Dispatcher(destination);
        using var cts = new CancellationTokenSource();

        var run = dispatcher.RunAsync(cts.Token);
        await WaitUntilAsync(() => _bed.Spool.ListOutbox("lims").Count == 0);
        await cts.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Stopping may surface as a cancellation; either way the loop must end.
        }

        Assert.Equal(
            [(PipelineEvents.AckReceived, "A1"), (PipelineEvents.MessageQuarantined, "R2"), (PipelineEvents.AckReceived, "A3")],
            _bed.Audit.Events.Select(e => (e.Type, e.ControlId!)));
        Assert.Equal(2, Directory.GetFiles(_bed.Spool.SentRoot, "*.hl7", SearchOption.AllDirectories).Length);
        Assert.Contains("R2", Assert.Single(_bed.Spool.ListQuarantine()).Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_PauseTriggeredWhileInFlight_DrainsTheMessageToAckTimeoutQuarantine()
    {
        var items = await QueueAsync("P1");
        var pause = new ManualPause();
        pause.OnDelivery = _ => pause.Pause();
        var destination = new ScriptedDestination("lims", DeliveryOutcomeKind.AckTimeout, DeliveryOutcomeKind.AckTimeout);
        using var dispatcher = _bed.Dispatcher(destination, pause, new CancellationAwarePolicy());

        await dispatcher.DeliverAsync(items[0], default);

        var entry = Assert.Single(_bed.Spool.ListQuarantine());
        Assert.Equal(QuarantineReasons.AckTimeout, entry.Reason);
        Assert.Single(destination.Sent);
    }

    [Fact]
    public async Task DeliverAsync_ShutdownWhileInFlight_LeavesTheMessageInTheOutbox()
    {
        var items = await QueueAsync("S1");
        using var cts = new CancellationTokenSource();
        var destination = new ScriptedDestination("lims", DeliveryOutcomeKind.AckTimeout);
        var pause = new ManualPause { OnDelivery = _ => cts.Cancel() };
        using var dispatcher = _bed.Dispatcher(destination, pause, new CancellationAwarePolicy());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await dispatcher.DeliverAsync(items[0], cts.Token));

        Assert.Equal(["S1"], _bed.Spool.ListOutbox("lims").Select(i => i.ControlId));
        Assert.Empty(_bed.Spool.ListQuarantine());
    }

    private async Task<IReadOnlyList<OutboxItem>> QueueAsync(params string[] controlIds)
    {
        foreach (var id in controlIds)
        {
            await _bed.Spool.EnqueueAsync(new OutboxMetadata
            {
                ControlId = id,
                Destination = "lims",
                CorrelationId = "0123456789abcdef0123456789abcdef",
                AnalyzerId = "xn-1",
                SourceName = "a.csv",
                FileSha256 = new string('b', 64),
                QueuedAt = _bed.Time.GetUtcNow(),
            }, System.Text.Encoding.UTF8.GetBytes("MSH|" + id), default);
        }

        return _bed.Spool.ListOutbox("lims");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "condition not met in time");
    }

    /// <summary>Retries timeouts, observing cancellation between attempts as the real policy's backoff does.</summary>
    private sealed class CancellationAwarePolicy : IDeliveryPolicy
    {
        public CircuitBreakerSnapshot GetCircuit(string destination) => new(destination, CircuitState.Closed, 0, null, 0);

        public async ValueTask<DeliveryDecision> ExecuteAsync(string destination, Func<DeliveryAttemptArguments, ValueTask<DeliveryResult>> send, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                var result = await send(new DeliveryAttemptArguments(destination, attempt, cancellationToken));
                if (result.Kind == DeliveryOutcomeKind.Accepted)
                {
                    return new DeliveryDecision(DeliveryDecisionKind.Delivered, result, attempt, null);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
