using System.Text;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp.Hl7;
using Hematology.Integration.Mllp.Tests.Support;

namespace Hematology.Integration.Mllp.Tests.Hl7;

/// <summary>
/// The receiver's byte scan may vouch for a message only when the full parse of the decoded text succeeds; when it
/// cannot vouch, the receiver parses (and reports the parse error).
/// </summary>
public sealed class SegmentScanTests
{
    public static TheoryData<string> ReadableMessages => new()
    {
        TestMessages.Oru("OK1"),
        TestMessages.Oru("OK2").Replace("\r", "\n", StringComparison.Ordinal),
        TestMessages.Oru("OK3").Replace("\r", "\r\n", StringComparison.Ordinal),
        TestMessages.Oru("OK4", obx: 1).TrimEnd('\r'),
        TestMessages.Oru("OK5", obx: 2) + "\r\rZXY\rNTE|1||comment\r",
        TestMessages.Oru("OK6", obx: 1, patientName: "Müller^Zoë"),
        "MSH#^~\\&#HEMA#LAB#LIS#HOSP#20260115##ORU^R01#OK7#P#2.5.1\rPID#1\rOBX#1#NM\r",
        "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115||ORU^R01|OK8|P|2.5.1\rZ12|a\rA1B\r",
    };

    public static TheoryData<string, Hl7ParseError> UnreadableMessages => new()
    {
        { Header("BAD1") + "1X|bad segment id\r", Hl7ParseError.InvalidSegmentId },
        { Header("BAD2") + "pid|1\r", Hl7ParseError.InvalidSegmentId },
        { Header("BAD3") + "PID|1\rOB\r", Hl7ParseError.InvalidSegmentId },
        { Header("BAD4") + "PID1|x\r", Hl7ParseError.InvalidSegmentId },
        { Header("BAD5") + "PID^1\r", Hl7ParseError.InvalidSegmentId },
        { Header("BAD6") + "PID|1\r" + Header("BAD6B"), Hl7ParseError.InvalidSegmentId },
        { Header("BAD7") + " PID|1\r", Hl7ParseError.InvalidSegmentId },
        { Header("BAD8") + "PÏD|1\r", Hl7ParseError.InvalidSegmentId },
        { Header("BAD9") + "PID|1\n\nOBX|1\r\x01\r", Hl7ParseError.InvalidSegmentId },
    };

    [Theory]
    [MemberData(nameof(ReadableMessages))]
    public void IsCertainlyReadable_WellFormedMessage_VouchesAndTheParseAgrees(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        Assert.True(Scan(bytes, Encoding.UTF8));
        Assert.True(Hl7Message.TryParse(text.AsMemory(), out _, out _));
    }

    [Theory]
    [MemberData(nameof(UnreadableMessages))]
    public void IsCertainlyReadable_BadSegment_DoesNotVouchAndTheParseFails(string text, Hl7ParseError expected)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        Assert.False(Scan(bytes, Encoding.UTF8));
        Assert.False(Hl7Message.TryParse(text.AsMemory(), out _, out var error));
        Assert.Equal(expected, error.Error);
    }

    [Fact]
    public void IsCertainlyReadable_EncodingsWhoseBytesItCannotReadAlike_NeverVouches()
    {
        var text = TestMessages.Oru("ENC1", obx: 2);

        Assert.True(Scan(Encoding.ASCII.GetBytes(text), Encoding.ASCII));
        Assert.True(Scan(Encoding.Latin1.GetBytes(text), Encoding.Latin1));
        Assert.False(Scan(Encoding.UTF8.GetBytes(text), Encoding.Unicode));
        Assert.False(Scan(Encoding.UTF8.GetBytes(text), Encoding.GetEncoding("utf-8", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData(" ")]
    [InlineData("\uFEFF")]
    public void IsCertainlyReadable_SomethingBeforeMsh_LeavesItToTheParse(string prefix)
    {
        Assert.False(Scan(Encoding.UTF8.GetBytes(prefix + TestMessages.Oru("PRE1", obx: 1)), Encoding.UTF8));
    }

    [Fact]
    public void IsCertainlyReadable_NonAsciiInMsh_LeavesItToTheParse()
    {
        var text = "MSH|^~\\&|HEMA|Zürich|LIS|HOSP|20260115||ORU^R01|NA1|P|2.5.1\rPID|1\r";

        Assert.False(Scan(Encoding.UTF8.GetBytes(text), Encoding.UTF8));
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("iso-8859-1")]
    [InlineData("us-ascii")]
    public void IsCertainlyReadable_RandomlyDamagedMessages_VouchesOnlyForWhatParses(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var original = Encoding.UTF8.GetBytes(TestMessages.Oru("FUZZ1", obx: 4, patientName: "Müller^Zoë"));
        byte[] noise = [(byte)'\r', (byte)'\n', (byte)'|', (byte)'^', (byte)'M', (byte)'S', (byte)'H', (byte)'a', (byte)'1', (byte)' ', 0x00, 0x0B, 0xC3, 0xA9, 0xBC, 0xEF, 0xFF];
        var random = new Random(4242);
        int vouched = 0, refused = 0;
        for (var round = 0; round < 20_000; round++)
        {
            var bytes = (byte[])original.Clone();
            var changes = random.Next(1, 4);
            for (var c = 0; c < changes; c++)
            {
                // Mostly near segment starts, where the rules bite.
                var at = random.Next(3) == 0 ? random.Next(bytes.Length) : NearSegmentStart(bytes, random);
                bytes[at] = noise[random.Next(noise.Length)];
            }

            if (!Hl7Header.TryRead(bytes, out var header))
            {
                continue;
            }

            var parses = Hl7Message.TryParse(encoding.GetString(bytes).AsMemory(), out _, out _);
            if (SegmentScan.IsCertainlyReadable(bytes, header.Delimiters.Field, encoding))
            {
                vouched++;
                Assert.True(parses, $"vouched for a message that does not parse: {Convert.ToHexString(bytes)}");
            }
            else
            {
                refused++;
            }
        }

        // Both answers were exercised, so the assertion above had cases to check.
        Assert.InRange(vouched, 1_000, int.MaxValue);
        Assert.InRange(refused, 1_000, int.MaxValue);
    }

    private static string Header(string controlId) => $"MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115||ORU^R01|{controlId}|P|2.5.1\r";

    private static bool Scan(byte[] bytes, Encoding encoding)
        => SegmentScan.IsCertainlyReadable(bytes, Hl7Header.Read(bytes).Delimiters.Field, encoding);

    private static int NearSegmentStart(byte[] bytes, Random random)
    {
        var breaks = bytes.Select((b, i) => (b, i)).Where(x => x.b == (byte)'\r').Select(x => x.i).ToArray();
        var at = breaks[random.Next(breaks.Length)] + random.Next(0, 6) - 1;
        return Math.Clamp(at, 0, bytes.Length - 1);
    }
}
