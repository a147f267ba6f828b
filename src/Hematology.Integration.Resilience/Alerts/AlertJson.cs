using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hematology.Integration.Resilience;

/// <summary>The JSON an alert is sent as (webhook body, command standard input).</summary>
internal sealed record AlertPayload(string Source, string Severity, string Title, string Detail, string? Code, DateTimeOffset Timestamp)
{
    public static AlertPayload From(Alert alert) =>
        new("Hematology.Integration", alert.Severity.ToString(), alert.Title, alert.Detail, alert.Code, alert.Timestamp);

    public static byte[] Serialize(Alert alert) => JsonSerializer.SerializeToUtf8Bytes(From(alert), AlertJsonContext.Default.AlertPayload);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AlertPayload))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
