using System.Collections.Concurrent;
using System.Text;
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

internal sealed class ScriptedDestination(string name, params DeliveryKind[] script) : IDestinationPort
{
    private int _calls;

    public string Name { get; } = name;

    public ConcurrentQueue<string> Sent { get; } = new();

    public ValueTask<DeliveryAttempt> SendAsync(ReadOnlyMemory<byte> message, string controlId, CancellationToken cancellationToken)
    {
        Sent.Enqueue(controlId);
        var index = Interlocked.Increment(ref _calls) - 1;
        var kind = index < script.Length ? script[index] : DeliveryKind.Accepted;
        var ack = kind switch
        {
            DeliveryKind.Accepted => "AA",
            DeliveryKind.ApplicationError => "AE",
            DeliveryKind.Rejected => "AR",
            _ => null,
        };
        return ValueTask.FromResult(new DeliveryAttempt(kind, ack, TimeSpan.FromMilliseconds(3), kind.ToString()));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A plain policy for orchestration tests: retries timeouts twice, then quarantines.</summary>
internal sealed class SimplePolicy : IDeliveryPolicyPort
{
    public async ValueTask<DeliveryDecision> ExecuteAsync(string destination, Func<int, CancellationToken, ValueTask<DeliveryAttempt>> send, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await send(attempt, cancellationToken);
            switch (result.Kind)
            {
                case DeliveryKind.Accepted:
                    return new DeliveryDecision(DeliveryDecisionKind.Delivered, result, attempt, null);
                case DeliveryKind.Rejected:
                    return new DeliveryDecision(DeliveryDecisionKind.Quarantine, result, attempt, QuarantineReasons.Rejected);
                case DeliveryKind.AckTimeout when attempt >= 3:
                    return new DeliveryDecision(DeliveryDecisionKind.Quarantine, result, attempt, QuarantineReasons.AckTimeout);
                case DeliveryKind.ProtocolError:
                    return new DeliveryDecision(DeliveryDecisionKind.Quarantine, result, attempt, QuarantineReasons.ProtocolError);
                case DeliveryKind.ApplicationError when attempt >= 2:
                    return new DeliveryDecision(DeliveryDecisionKind.Quarantine, result, attempt, QuarantineReasons.ApplicationError);
                default:
                    continue;
            }
        }
    }
}

internal sealed class ManualPause : IPausePort
{
    private CancellationTokenSource _paused = new();

    public bool IsPaused { get; private set; }

    public CancellationToken PauseToken => _paused.Token;

    public List<DeliveryKind> Observed { get; } = [];

    public List<bool> Validations { get; } = [];

    public Action<DeliveryAttempt>? OnDelivery { get; set; }

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

    public ValueTask WaitWhilePausedAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void ObserveDelivery(string destination, DeliveryAttempt attempt)
    {
        Observed.Add(attempt.Kind);
        OnDelivery?.Invoke(attempt);
    }

    public void ObserveOutboxDepth(int depth)
    {
    }

    public void ObserveValidation(bool succeeded) => Validations.Add(succeeded);
}
