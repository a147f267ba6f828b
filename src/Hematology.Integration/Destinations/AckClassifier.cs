using Hematology.Integration.Resilience;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Pipeline;

namespace Hematology.Integration.Destinations;

/// <summary>
/// Turns the bytes a LIMS answered with into a delivery outcome. An ACK is a success only when MSA-1 is AA/CA
/// <em>and</em> MSA-2 equals the message's MSH-10; anything else that claims success is a protocol error.
/// </summary>
internal static class AckClassifier
{
    public static DeliveryResult Classify(ReadOnlySpan<byte> reply, string controlId, TimeSpan latency)
    {
        if (!Hl7Ack.TryParse(reply, out var ack, out var error))
        {
            return new DeliveryResult(DeliveryOutcomeKind.ProtocolError, null, latency, "unparseable ACK: " + error.Message);
        }

        var code = ack.Code.ToHl7();
        if (!ack.Acknowledges(controlId))
        {
            return new DeliveryResult(DeliveryOutcomeKind.ProtocolError, code, latency, $"MSA-2 '{ack.AcknowledgedControlId}' does not match MSH-10 '{controlId}'");
        }

        var detail = Describe(ack);
        return ack.Code switch
        {
            _ when ack.IsAccepted => new DeliveryResult(DeliveryOutcomeKind.Accepted, code, latency, detail),
            _ when ack.Code.IsReject() => new DeliveryResult(DeliveryOutcomeKind.Rejected, code, latency, detail),
            _ => new DeliveryResult(DeliveryOutcomeKind.ApplicationError, code, latency, detail),
        };
    }

    private static string Describe(Hl7Ack ack)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(ack.TextMessage))
        {
            parts.Add(ack.TextMessage);
        }

        foreach (var e in ack.Errors)
        {
            parts.Add($"ERR {(int)e.Code} {e.CodeText} at {e.Location?.SegmentId}-{e.Location?.Field}");
        }

        return parts.Count == 0 ? ack.Code.ToHl7() : string.Join("; ", parts);
    }
}
