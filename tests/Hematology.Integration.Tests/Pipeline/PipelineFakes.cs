using Hematology.Integration.Resilience;
using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Hematology.Integration.Pipeline;
using Hematology.Integration.Spool;

namespace Hematology.Integration.Tests.Pipeline;

internal sealed class FakeValidator(Func<AcquiredFile, FileValidation> validate) : IFileValidationPort
{
    public ValueTask<FileValidation> ValidateAsync(AcquiredFile file, string profile, CancellationToken cancellationToken) => ValueTask.FromResult(validate(file));
}

internal sealed class FakeMapper : IMessageMappingPort
{
    public Func<SpecimenReport, bool> FailWhen { get; init; } = _ => false;

    public MappedMessage Map(SpecimenReport report, Sha256Digest fileSha256, int messageIndex)
    {
        if (FailWhen(report))
        {
            throw new InvalidOperationException("mapping failed on purpose");
        }

        var controlId = fileSha256.Hex[..12] + messageIndex.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var text = $"MSH|^~\\&|||||||ORU^R01^ORU_R01|{controlId}|P|2.5.1\rOBR|1||{report.Specimen.Id}\r" +
            string.Concat(report.Results.Select((r, i) => $"OBX|{i + 1}|NM|{r.LocalCode}||{r.Value}\r"));
        return new MappedMessage(controlId, Encoding.UTF8.GetBytes(text), report.Results.Count);
    }
}

internal sealed class RecordingAudit : IAuditPort
{
    public ConcurrentQueue<PipelineAuditEvent> Events { get; } = new();

    public ValueTask WriteAsync(PipelineAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(auditEvent);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<PipelineAuditEvent> OfType(string type) => Events.Where(e => e.Type == type).ToList();
}

/// <summary>An audit port whose writes become durable only when the test says so.</summary>
internal sealed class GatedAudit : IAuditPort
{
    private readonly TaskCompletionSource _durable = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<PipelineAuditEvent> Events { get; } = new();

    public ValueTask WriteAsync(PipelineAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(auditEvent);
        return new ValueTask(_durable.Task.WaitAsync(cancellationToken));
    }

    public void MakeDurable() => _durable.TrySetResult();
}

internal sealed class ScriptedDestination(string name, params DeliveryOutcomeKind[] script) : IDestinationPort
{
    private int _calls;

    public string Name { get; } = name;

    public ConcurrentQueue<string> Sent { get; } = new();

    public ValueTask<DeliveryResult> SendAsync(ReadOnlyMemory<byte> message, string controlId, CancellationToken cancellationToken)
    {
        Sent.Enqueue(controlId);
        var index = Interlocked.Increment(ref _calls) - 1;
        var kind = index < script.Length ? script[index] : DeliveryOutcomeKind.Accepted;
        var ack = kind switch
        {
            DeliveryOutcomeKind.Accepted => "AA",
            DeliveryOutcomeKind.ApplicationError => "AE",
            DeliveryOutcomeKind.Rejected => "AR",
            _ => null,
        };
        return ValueTask.FromResult(new DeliveryResult(kind, ack, TimeSpan.FromMilliseconds(3), kind.ToString()));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A plain policy for orchestration tests: retries timeouts twice, then quarantines.</summary>
internal sealed class SimplePolicy : IDeliveryPolicy
{
    public CircuitBreakerSnapshot GetCircuit(string destination) => new(destination, CircuitState.Closed, 0, null, 0);

    public async ValueTask<DeliveryDecision> ExecuteAsync(string destination, Func<DeliveryAttemptArguments, ValueTask<DeliveryResult>> send, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await send(new DeliveryAttemptArguments(destination, attempt, cancellationToken));
            switch (result.Kind)
            {
                case DeliveryOutcomeKind.Accepted:
                    return new DeliveryDecision(DeliveryDecisionKind.Delivered, result, attempt, null);
                case DeliveryOutcomeKind.Rejected:
                    return new DeliveryDecision(DeliveryDecisionKind.Quarantine, result, attempt, QuarantineReasons.Rejected);
                case DeliveryOutcomeKind.AckTimeout when attempt >= 3:
                    return new DeliveryDecision(DeliveryDecisionKind.Quarantine, result, attempt, QuarantineReasons.AckTimeout);
                case DeliveryOutcomeKind.ProtocolError:
                    return new DeliveryDecision(DeliveryDecisionKind.Quarantine, result, attempt, QuarantineReasons.ProtocolError);
                case DeliveryOutcomeKind.ApplicationError when attempt >= 2:
                    return new DeliveryDecision(DeliveryDecisionKind.Quarantine, result, attempt, QuarantineReasons.ApplicationError);
                default:
                    continue;
            }
        }
    }
}

internal sealed class ManualPause : IEmergencyPause
{
    private CancellationTokenSource _paused = new();

    public bool IsPaused { get; private set; }

    public CancellationToken PauseToken => _paused.Token;

    public List<DeliveryOutcomeKind> Observed { get; } = [];

    public List<bool> Validations { get; } = [];

    public Action<DeliveryResult>? OnDelivery { get; set; }

    public void Pause()
    {
        IsPaused = true;
        _paused.Cancel();
    }

    public void Resume()
    {
        IsPaused = false;
        _paused = new CancellationTokenSource();
    }

    public PauseState State => IsPaused ? new PauseState { IsPaused = true, Reason = "manual" } : PauseState.Running;

    public PauseObservations Observations => default;

    public ValueTask WaitWhilePausedAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void ReportDelivery(string destination, DeliveryResult result)
    {
        Observed.Add(result.Kind);
        OnDelivery?.Invoke(result);
    }

    public void ReportOutboxDepth(int depth)
    {
    }

    public void ReportValidation(bool succeeded) => Validations.Add(succeeded);

    public ValueTask<bool> PauseAsync(string operatorName, string reason, CancellationToken cancellationToken = default)
    {
        Pause();
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> ResumeAsync(string operatorName, string reason, CancellationToken cancellationToken = default)
    {
        Resume();
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> TryResumeByHealthCheckAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

    public Task RunHealthChecksAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A source whose polls run a script: it writes files to the runner's channel and can wait in between.</summary>
internal sealed class ScriptedSourcePort(AnalyzerId analyzerId, Func<ChannelWriter<AcquiredFile>, CancellationToken, Task> poll) : IAnalyzerSourcePort
{
    public AnalyzerId AnalyzerId { get; } = analyzerId;

    public TimeSpan PollInterval { get; } = TimeSpan.FromSeconds(5);

    public int PendingAtSource => 0;

    public int Polls { get; private set; }

    public async ValueTask PollAsync(ChannelWriter<AcquiredFile> acquired, CancellationToken cancellationToken)
    {
        Polls++;
        await poll(acquired, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
