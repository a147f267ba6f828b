using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Hematology.Integration.Audit.Storage;

namespace Hematology.Integration.Audit.Tests.Storage;

public sealed class AuditEntryFormatTests
{
    private static readonly AuditEventRules Rules = new(new JsonLinesAuditOptions().ForbiddenDetailKeys, 512);

    private static string Line(AuditEvent e, long seq = 1, string? prev = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AuditEntryFormat.WriteLine(buffer, seq, AuditEntryFormat.FormatTimestamp(Events.Start), prev ?? AuditEntry.GenesisHash, AuditEntryFormat.SerializeEvent(e, Rules));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void WriteLine_FullEvent_WritesPropertiesInCanonicalOrder()
    {
        var line = Line(new AuditEvent
        {
            Type = AuditEventTypes.AckReceived,
            CorrelationId = CorrelationId.TryParse("0195f1c2a3b44c5d8e6f708192a3b4c5", out var c) ? c : default,
            AnalyzerId = AnalyzerId.Create("xn-1"),
            FileName = "run.csv",
            FileSha256 = Sha256Digest.Compute("x"u8),
            MessageType = "ORU^R01",
            ControlId = "ABC123",
            Destination = "lims",
            AckStatus = "AA",
            LatencyMs = 12.5,
            RetryCount = 0,
            Disposition = "sent",
            Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["z"] = "1", ["a"] = "2" },
        });

        var names = System.Text.Json.JsonDocument.Parse(line).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(
            ["seq", "ts", "prev", "type", "correlationId", "analyzer", "file", "fileSha256", "messageType", "controlId", "destination", "ackStatus", "latencyMs", "retryCount", "disposition", "details", "hash"],
            names);
        Assert.Contains("\"details\":{\"a\":\"2\",\"z\":\"1\"}", line, StringComparison.Ordinal);
        Assert.StartsWith("{\"seq\":1,\"ts\":\"2026-11-22T06:00:00.0000000+00:00\",\"prev\":\"0000", line, StringComparison.Ordinal);
        Assert.EndsWith("\"}\n", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteLine_Hash_IsSha256OfTheBytesBeforeTheHashProperty()
    {
        var line = Line(Events.Numbered(1)).TrimEnd('\n');
        var cut = line.LastIndexOf(",\"hash\":\"", StringComparison.Ordinal);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line[..cut])));

        Assert.Equal(expected, line[(cut + 9)..^2]);
    }

    [Fact]
    public void Parse_WrittenLine_RoundTripsTheEvent()
    {
        var original = new AuditEvent
        {
            Type = AuditEventTypes.PauseCleared,
            Operator = "j.doe",
            Reason = "LIMS back after maintenance; checked with \"ops\" ✓",
            LatencyMs = 0.1,
            ArtifactPath = "quarantine/ack_timeout/x.hl7",
            ArtifactSha256 = Sha256Digest.Compute("y"u8),
        };

        var record = AuditEntryFormat.Parse(Encoding.UTF8.GetBytes(Line(original, 7, new string('a', 64)).TrimEnd('\n')), "here");

        Assert.True(record.HashMatchesContent);
        Assert.Equal(7, record.Entry!.Sequence);
        Assert.Equal(new string('a', 64), record.Entry.PreviousHash);
        Assert.Equal(Events.Start, record.Entry.Timestamp);
        Assert.Equal(original, record.Entry.Event with { Details = null });
    }

    [Theory]
    [InlineData("2026-11-22T06:00:00.1234567+00:00", true)]
    [InlineData("2026-11-22T23:59:59.9999999+00:00", true)]
    [InlineData("2026-11-22T06:00:00.0000000+01:30", true)]
    [InlineData("2026-11-22T06:00:00.0000000-05:00", true)]
    [InlineData("2026-11-22T06:00:00.0000000Z", false)]
    [InlineData("2026-11-22T06:00:00+00:00", false)]
    [InlineData("2026-11-22 06:00:00.0000000+00:00", false)]
    [InlineData("2026-02-30T06:00:00.0000000+00:00", false)]
    [InlineData("2026-11-22T06:00:00.000000+00:00:", false)]
    public void Parse_CommitTime_ReadsExactlyTheCanonicalForm(string ts, bool valid)
    {
        var line = Line(Events.Numbered(1)).TrimEnd('\n').Replace("2026-11-22T06:00:00.0000000+00:00", ts, StringComparison.Ordinal);

        var record = AuditEntryFormat.Parse(Encoding.UTF8.GetBytes(line), "here");

        if (valid)
        {
            Assert.Equal(DateTimeOffset.ParseExact(ts, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture), record.Entry!.Timestamp);
            Assert.Equal(record.Entry.Timestamp.Offset, DateTimeOffset.ParseExact(ts, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture).Offset);
        }
        else
        {
            Assert.Null(record.Entry);
            Assert.NotNull(record.Problem);
        }
    }

    [Fact]
    public void Parse_EditedContent_ReportsHashMismatch()
    {
        var line = Line(Events.Numbered(1)).TrimEnd('\n').Replace("C000001", "C000002", StringComparison.Ordinal);

        var record = AuditEntryFormat.Parse(Encoding.UTF8.GetBytes(line), "here");

        Assert.NotNull(record.Entry);
        Assert.False(record.HashMatchesContent);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"seq\":1}")]
    [InlineData("")]
    public void Parse_NotAnEntry_ReportsAProblem(string text)
    {
        var record = AuditEntryFormat.Parse(Encoding.UTF8.GetBytes(text), "f line 3");

        Assert.Null(record.Entry);
        Assert.NotNull(record.Problem);
        Assert.Equal("f line 3", record.Location);
    }

    [Theory]
    [InlineData("patientId")]
    [InlineData("Patient_Name")]
    [InlineData("DOB")]
    [InlineData("specimen-id")]
    [InlineData("MRN")]
    public void SerializeEvent_DetailKeyNamingPatientData_IsRefused(string key)
    {
        var e = new AuditEvent { Type = "file.acquired", Details = new Dictionary<string, string>(StringComparer.Ordinal) { [key] = "x" } };

        var error = Assert.Throws<ArgumentException>(() => AuditEntryFormat.SerializeEvent(e, Rules));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"x\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("File.Acquired")]
    [InlineData("file acquired")]
    public void SerializeEvent_InvalidType_IsRefused(string type) =>
        Assert.Throws<ArgumentException>(() => AuditEntryFormat.SerializeEvent(new AuditEvent { Type = type }, Rules));

    [Fact]
    public void SerializeEvent_TooLongDetailValue_IsRefused()
    {
        var e = new AuditEvent { Type = "x", Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["detail"] = new string('a', 513) } };

        Assert.Throws<ArgumentException>(() => AuditEntryFormat.SerializeEvent(e, Rules));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void SerializeEvent_InvalidLatency_IsRefused(double latency) =>
        Assert.Throws<ArgumentException>(() => AuditEntryFormat.SerializeEvent(new AuditEvent { Type = "x", LatencyMs = latency }, Rules));
}
