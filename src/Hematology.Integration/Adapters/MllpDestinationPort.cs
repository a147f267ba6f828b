using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp;
using Hematology.Integration.Pipeline;
using Hematology.Integration.Resilience;

namespace Hematology.Integration.Adapters;

/// <summary>
/// A destination over the Mllp package's client: one persistent connection, ACK correlated by MSA-2 = MSH-10, the
/// connection closed after a timeout so a late ACK is never matched to the next message.
/// </summary>
internal sealed class MllpDestinationPort(string name, IMllpClient client) : IDestinationPort
{
    public string Name { get; } = name;

    public async ValueTask<DeliveryResult> SendAsync(ReadOnlyMemory<byte> message, string controlId, CancellationToken cancellationToken)
    {
        var result = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var kind = result.Outcome switch
        {
            MllpOutcome.Accepted => DeliveryOutcomeKind.Accepted,
            MllpOutcome.ApplicationError => DeliveryOutcomeKind.ApplicationError,
            MllpOutcome.Rejected => DeliveryOutcomeKind.Rejected,
            MllpOutcome.AckTimeout => DeliveryOutcomeKind.AckTimeout,
            MllpOutcome.ConnectFailed => DeliveryOutcomeKind.ConnectFailed,
            MllpOutcome.ConnectionClosed => DeliveryOutcomeKind.ConnectionClosed,
            _ => DeliveryOutcomeKind.ProtocolError,
        };
        if (kind == DeliveryOutcomeKind.Accepted && !string.Equals(result.Ack?.AcknowledgedControlId, controlId, StringComparison.Ordinal))
        {
            // Belt and braces: the client checks MSA-2 against the message it sent; the spool's id must match too.
            kind = DeliveryOutcomeKind.ProtocolError;
        }

        var ackCode = result.Ack is { } ack ? ack.Code.ToHl7() : null;
        return new DeliveryResult(kind, ackCode, result.Latency, result.Detail ?? result.Outcome.ToString());
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
