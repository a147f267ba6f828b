using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hematology.Integration.Audit.Storage;

/// <summary>
/// The canonical text of an entry: one JSON object with a fixed property order, invariant formatting and the hash as
/// its last property. The hash is the SHA-256 of the UTF-8 bytes that precede <c>,"hash":"</c>, so any tool can
/// recompute it from the stored line alone.
/// </summary>
internal static class AuditEntryFormat
{
    /// <summary>The bytes between the body and the hash's hexadecimal text.</summary>
    public static ReadOnlySpan<byte> HashPrefix => ",\"hash\":\""u8;

    /// <summary>The length of <c>,"hash":"&lt;64 hex&gt;"}</c>.</summary>
    public const int SuffixLength = 9 + 64 + 2;

    public const int MaxTypeLength = 64;
    public const int MaxTextLength = 1024;
    public const int MaxDetailKeyLength = 64;
    public const int MaxDetails = 64;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Validates an event and writes its properties (from <c>"type"</c> on, without braces) as UTF-8 JSON.</summary>
    public static byte[] SerializeEvent(AuditEvent auditEvent, AuditEventRules rules)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        Validate(auditEvent, rules);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, auditEvent.Type);
            WriteOptional(writer, "correlationId"u8, auditEvent.CorrelationId?.Value);
            WriteOptional(writer, "analyzer"u8, auditEvent.AnalyzerId?.Value);
            WriteOptional(writer, "file"u8, auditEvent.FileName);
            WriteOptional(writer, "fileSha256"u8, auditEvent.FileSha256?.Hex);
            WriteOptional(writer, "artifactPath"u8, auditEvent.ArtifactPath);
            WriteOptional(writer, "artifactSha256"u8, auditEvent.ArtifactSha256?.Hex);
            WriteOptional(writer, "messageType"u8, auditEvent.MessageType);
            WriteOptional(writer, "controlId"u8, auditEvent.ControlId);
            WriteOptional(writer, "destination"u8, auditEvent.Destination);
            WriteOptional(writer, "ackStatus"u8, auditEvent.AckStatus);
            if (auditEvent.LatencyMs is { } latency)
            {
                writer.WriteNumber("latencyMs"u8, latency);
            }

            if (auditEvent.RetryCount is { } retries)
            {
                writer.WriteNumber("retryCount"u8, retries);
            }

            WriteOptional(writer, "disposition"u8, auditEvent.Disposition);
            WriteOptional(writer, "operator"u8, auditEvent.Operator);
            WriteOptional(writer, "reason"u8, auditEvent.Reason);
            if (auditEvent.Details is { Count: > 0 } details)
            {
                writer.WriteStartObject("details"u8);
                var keys = details.Keys.ToArray();
                Array.Sort(keys, StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    writer.WriteString(key, details[key]);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.Flush();
        }

        // Drop the braces: the body's prefix (seq, ts, prev) is written in front at commit time.
        return buffer.WrittenSpan[1..^1].ToArray();
    }

    /// <summary>Formats a commit time the way entries store it.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    /// <summary>Writes the body of an entry (everything the hash covers) into <paramref name="buffer"/>.</summary>
    public static void WriteBody(ArrayBufferWriter<byte> buffer, long sequence, string timestamp, string previousHash, ReadOnlySpan<byte> eventPart)
    {
        Write(buffer, "{\"seq\":"u8);
        var span = buffer.GetSpan(20);
        sequence.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        buffer.Advance(written);
        Write(buffer, ",\"ts\":\""u8);
        WriteAscii(buffer, timestamp);
        Write(buffer, "\",\"prev\":\""u8);
        WriteAscii(buffer, previousHash);
        Write(buffer, "\","u8);
        Write(buffer, eventPart);
    }

    /// <summary>Writes a whole line (body, hash, newline) and returns the hash.</summary>
    public static string WriteLine(ArrayBufferWriter<byte> buffer, long sequence, string timestamp, string previousHash, ReadOnlySpan<byte> eventPart)
    {
        var start = buffer.WrittenCount;
        WriteBody(buffer, sequence, timestamp, previousHash, eventPart);
        var hash = ComputeHash(buffer.WrittenSpan[start..]);
        Write(buffer, HashPrefix);
        WriteAscii(buffer, hash);
        Write(buffer, "\"}\n"u8);
        return hash;
    }

    public static string ComputeHash(ReadOnlySpan<byte> body)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Splits a stored line (without its newline) into body and stored hash, when it has the canonical suffix.</summary>
    public static bool TrySplit(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> body, out ReadOnlySpan<byte> storedHash)
    {
        body = default;
        storedHash = default;
        if (line.Length <= SuffixLength || line[0] != (byte)'{')
        {
            return false;
        }

        var suffix = line[^SuffixLength..];
        if (!suffix.StartsWith(HashPrefix) || suffix[^2] != (byte)'"' || suffix[^1] != (byte)'}')
        {
            return false;
        }

        var hex = suffix.Slice(HashPrefix.Length, 64);
        foreach (var b in hex)
        {
            if (!(b is >= (byte)'0' and <= (byte)'9' || b is >= (byte)'a' and <= (byte)'f'))
            {
                return false;
            }
        }

        body = line[..^SuffixLength];
        storedHash = hex;
        return true;
    }

    /// <summary>Parses a stored line (without its newline) into a record.</summary>
    public static AuditRecord Parse(ReadOnlySpan<byte> line, string location)
    {
        if (!TrySplit(line, out var body, out var storedHash))
        {
            return new AuditRecord { Location = location, Problem = "the line does not end with the canonical \"hash\" property" };
        }

        var hash = Encoding.ASCII.GetString(storedHash);
        var matches = string.Equals(ComputeHash(body), hash, StringComparison.Ordinal);
        try
        {
            var entry = ParseEntry(line, hash);
            return new AuditRecord { Location = location, Entry = entry, HashMatchesContent = matches };
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            return new AuditRecord { Location = location, HashMatchesContent = matches, Problem = "the line is not a valid entry: " + ex.Message };
        }
    }

    /// <summary>
    /// Reads the canonical commit time. The round-trip ('O') UTF-8 parser reads exactly the canonical form, fast; any
    /// other text goes to the exact culture-invariant parser, which accepts or rejects it as before.
    /// </summary>
    private static DateTimeOffset ParseTimestamp(ref Utf8JsonReader reader)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped
            && reader.ValueSpan.Length == 33 && reader.ValueSpan[27] is (byte)'+' or (byte)'-'
            && System.Buffers.Text.Utf8Parser.TryParse(reader.ValueSpan, out DateTimeOffset fast, out var consumed, 'O')
            && consumed == reader.ValueSpan.Length)
        {
            return fast;
        }

        return DateTimeOffset.ParseExact(reader.GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture, DateTimeStyles.None);
    }

    private static AuditEntry ParseEntry(ReadOnlySpan<byte> line, string hash)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        Expect(ref reader, JsonTokenType.StartObject);
        long? seq = null;
        DateTimeOffset? ts = null;
        string? prev = null;
        string? type = null;
        CorrelationId? correlation = null;
        AnalyzerId? analyzer = null;
        Sha256Digest? fileSha = null;
        Sha256Digest? artifactSha = null;
        string? file = null, artifactPath = null, messageType = null, controlId = null, destination = null;
        string? ackStatus = null, disposition = null, op = null, reason = null;
        double? latency = null;
        int? retries = null;
        Dictionary<string, string>? details = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "seq": seq = reader.GetInt64(); break;
                case "ts": ts = ParseTimestamp(ref reader); break;
                case "prev": prev = reader.GetString(); break;
                case "type": type = reader.GetString(); break;
                case "correlationId": correlation = CorrelationId.TryParse(reader.GetString(), out var c) ? c : throw new FormatException("correlationId is not 32 hexadecimal characters"); break;
                case "analyzer": analyzer = AnalyzerId.Create(reader.GetString()!); break;
                case "file": file = reader.GetString(); break;
                case "fileSha256": fileSha = Sha256Digest.TryParse(reader.GetString(), out var f) ? f : throw new FormatException("fileSha256 is not a SHA-256 digest"); break;
                case "artifactPath": artifactPath = reader.GetString(); break;
                case "artifactSha256": artifactSha = Sha256Digest.TryParse(reader.GetString(), out var a) ? a : throw new FormatException("artifactSha256 is not a SHA-256 digest"); break;
                case "messageType": messageType = reader.GetString(); break;
                case "controlId": controlId = reader.GetString(); break;
                case "destination": destination = reader.GetString(); break;
                case "ackStatus": ackStatus = reader.GetString(); break;
                case "latencyMs": latency = reader.GetDouble(); break;
                case "retryCount": retries = reader.GetInt32(); break;
                case "disposition": disposition = reader.GetString(); break;
                case "operator": op = reader.GetString(); break;
                case "reason": reason = reader.GetString(); break;
                case "details": details = ReadDetails(ref reader); break;
                case "hash": break;
                default: reader.Skip(); break;
            }
        }

        if (seq is null || ts is null || prev is null || type is null)
        {
            throw new FormatException("a required property (seq, ts, prev, type) is missing");
        }

        return new AuditEntry
        {
            Sequence = seq.Value,
            Timestamp = ts.Value,
            PreviousHash = prev,
            Hash = hash,
            Event = new AuditEvent
            {
                Type = type,
                CorrelationId = correlation,
                AnalyzerId = analyzer,
                FileName = file,
                FileSha256 = fileSha,
                ArtifactPath = artifactPath,
                ArtifactSha256 = artifactSha,
                MessageType = messageType,
                ControlId = controlId,
                Destination = destination,
                AckStatus = ackStatus,
                LatencyMs = latency,
                RetryCount = retries,
                Disposition = disposition,
                Operator = op,
                Reason = reason,
                Details = details,
            },
        };
    }

    private static Dictionary<string, string> ReadDetails(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("details is not an object");
        }

        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            details[key] = reader.GetString() ?? string.Empty;
        }

        return details;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new FormatException($"expected {token}");
        }
    }

    private static void Validate(AuditEvent e, AuditEventRules rules)
    {
        if (!IsValidType(e.Type))
        {
            throw new ArgumentException($"The event type '{e.Type}' is not 1 to {MaxTypeLength} characters of lower-case letters, digits, '.', '_' and '-'.", nameof(e));
        }

        CheckText(e.FileName, nameof(AuditEvent.FileName));
        CheckText(e.ArtifactPath, nameof(AuditEvent.ArtifactPath));
        CheckText(e.MessageType, nameof(AuditEvent.MessageType));
        CheckText(e.ControlId, nameof(AuditEvent.ControlId));
        CheckText(e.Destination, nameof(AuditEvent.Destination));
        CheckText(e.AckStatus, nameof(AuditEvent.AckStatus));
        CheckText(e.Disposition, nameof(AuditEvent.Disposition));
        CheckText(e.Operator, nameof(AuditEvent.Operator));
        CheckText(e.Reason, nameof(AuditEvent.Reason));
        if (e.LatencyMs is { } latency && (!double.IsFinite(latency) || latency < 0))
        {
            throw new ArgumentException("LatencyMs must be a finite, non-negative number.", nameof(e));
        }

        if (e.RetryCount is < 0)
        {
            throw new ArgumentException("RetryCount must not be negative.", nameof(e));
        }

        if (e.Details is null)
        {
            return;
        }

        if (e.Details.Count > MaxDetails)
        {
            throw new ArgumentException($"An event carries at most {MaxDetails} details.", nameof(e));
        }

        foreach (var (key, value) in e.Details)
        {
            if (string.IsNullOrEmpty(key) || key.Length > MaxDetailKeyLength)
            {
                throw new ArgumentException($"A detail key is 1 to {MaxDetailKeyLength} characters.", nameof(e));
            }

            if (rules.IsForbidden(key))
            {
                throw new ArgumentException($"The detail key '{key}' names patient data, which the audit trail does not accept.", nameof(e));
            }

            if (value is null || value.Length > rules.MaxDetailValueLength)
            {
                throw new ArgumentException($"The detail '{key}' must be a string of at most {rules.MaxDetailValueLength} characters.", nameof(e));
            }
        }
    }

    private static void CheckText(string? value, string name)
    {
        if (value is not null && value.Length > MaxTextLength)
        {
            throw new ArgumentException($"{name} is longer than {MaxTextLength} characters.", name);
        }
    }

    internal static bool IsValidType(string? type)
    {
        if (string.IsNullOrEmpty(type) || type.Length > MaxTypeLength)
        {
            return false;
        }

        foreach (var c in type)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Write(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes) => buffer.Write(bytes);

    private static void WriteAscii(ArrayBufferWriter<byte> buffer, string text)
    {
        var span = buffer.GetSpan(text.Length);
        var written = Encoding.ASCII.GetBytes(text, span);
        buffer.Advance(written);
    }
}
