using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Hematology.Integration.Audit;
using Hematology.Integration.Audit.Storage;

namespace Hematology.Integration.Benchmarks.Audit;

/// <summary>
/// The CPU cost of one audit entry: writing the canonical, hash-chained line (what the writer loop and its callers
/// pay per event) and reading it back with its hash checked (what the verifier pays per entry), against plain
/// System.Text.Json serialization of the same event as the baseline.
/// </summary>
[MemoryDiagnoser]
public class AuditEntryBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private AuditEvent _event = null!;
    private AuditEventRules _rules = null!;
    private byte[] _line = [];
    private string _timestamp = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _event = new AuditEvent
        {
            Type = AuditEventTypes.AckReceived,
            CorrelationId = CorrelationId.New(TimeProvider.System),
            AnalyzerId = AnalyzerId.Create("xn-1000-lab1"),
            FileName = "XN-1000_20261122_0815.csv",
            FileSha256 = Sha256Digest.Compute("file"u8),
            MessageType = "ORU^R01",
            ControlId = "HX0000000042",
            Destination = "lims-main",
            AckStatus = "AA",
            LatencyMs = 42.5,
            RetryCount = 0,
            Disposition = "sent",
            Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["results"] = "21", ["outcome"] = "Accepted" },
        };
        _rules = new AuditEventRules(new JsonLinesAuditOptions().ForbiddenDetailKeys, 512);
        _timestamp = AuditEntryFormat.FormatTimestamp(new DateTimeOffset(2026, 11, 22, 8, 15, 0, TimeSpan.Zero));
        AuditEntryFormat.WriteLine(_buffer, 42, _timestamp, AuditEntry.GenesisHash, AuditEntryFormat.SerializeEvent(_event, _rules));
        _line = _buffer.WrittenSpan[..^1].ToArray();
    }

    [Benchmark(Baseline = true)]
    public byte[] PlainJsonSerialize() => JsonSerializer.SerializeToUtf8Bytes(_event);

    [Benchmark]
    public string CanonicalChainedLine()
    {
        _buffer.ResetWrittenCount();
        return AuditEntryFormat.WriteLine(_buffer, 42, _timestamp, AuditEntry.GenesisHash, AuditEntryFormat.SerializeEvent(_event, _rules));
    }

    [Benchmark]
    public AuditRecord ParseAndCheckHash() => AuditEntryFormat.Parse(_line, "bench line 1");
}
