using System.Buffers;
using BenchmarkDotNet.Attributes;
using Hematology.Integration.Hl7Mapping;

namespace Hematology.Integration.Benchmarks.Hl7;

/// <summary>
/// HL7 core throughput: encode an ORU^R01 with 25 OBX into a reused buffer, parse it back (and read every OBX-5),
/// build and parse an ACK, and peek at the MSH. Run:
/// <c>dotnet run -c Release --project benchmarks/Hematology.Integration.Benchmarks -- --filter '*Hl7Benchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class Hl7Benchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(8192);
    private OruBuilder _oru = null!;
    private AckBuilder _ackBuilder = null!;
    private SpecimenReport _report = null!;
    private Hl7Header _header = null!;
    private byte[] _message = null!;
    private byte[] _ack = null!;
    private string _controlId = null!;

    [GlobalSetup]
    public void Setup()
    {
        _oru = new OruBuilder(Hl7Samples.Options());
        _ackBuilder = new AckBuilder();
        _report = Hl7Samples.Cbc25();
        _controlId = ControlId.FromContent(Sha256Digest.Compute("bench"u8), 0);
        _message = _oru.Build(_report, _controlId);
        _header = Hl7Header.Read(_message);
        _ack = _ackBuilder.BuildUtf8(_header, AckCode.ApplicationAccept);
    }

    [Benchmark(Baseline = true, Description = "ORU^R01 encode (25 OBX)")]
    public long EncodeOru()
    {
        _buffer.ResetWrittenCount();
        return _oru.Write(_buffer, _report, _controlId);
    }

    [Benchmark(Description = "ORU^R01 parse")]
    public int ParseOru() => Hl7Message.Parse(_message).SegmentCount;

    [Benchmark(Description = "ORU^R01 parse + read every OBX-5")]
    public int ParseOruAndReadValues()
    {
        var message = Hl7Message.Parse(_message);
        var total = 0;
        foreach (var segment in message.Segments)
        {
            if (segment.Id == "OBX")
            {
                total += segment.GetField(5).Raw.Length;
            }
        }

        return total;
    }

    [Benchmark(Description = "MSH peek (Hl7Header.Read)")]
    public string ReadHeader() => Hl7Header.Read(_message).ControlId;

    [Benchmark(Description = "ACK build")]
    public long BuildAck()
    {
        _buffer.ResetWrittenCount();
        return _ackBuilder.Write(_buffer, _header, AckCode.ApplicationAccept);
    }

    [Benchmark(Description = "ACK parse")]
    public AckCode ParseAck() => Hl7Ack.Parse(_ack).Code;
}
