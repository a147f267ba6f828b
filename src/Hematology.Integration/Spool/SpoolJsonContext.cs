using System.Text.Json.Serialization;

namespace Hematology.Integration.Spool;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutboxMetadata))]
[JsonSerializable(typeof(QuarantineReason))]
internal sealed partial class SpoolJsonContext : JsonSerializerContext;
