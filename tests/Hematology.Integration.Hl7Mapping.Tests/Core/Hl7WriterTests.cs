using System.Buffers;
using System.Globalization;
using System.Text;

namespace Hematology.Integration.Hl7Mapping.Tests.Core;

public sealed class Hl7WriterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void WriteDecimal_AnyValue_MatchesInvariantToString(int seed)
    {
        var random = new Random(seed);
        var values = new List<decimal> { 0m, 0.0m, 0.00m, -0.5m, 4.50m, 0.03m, 1000m, 79.0m, decimal.MaxValue, decimal.MinValue, 1e-28m, -1.000m };
        for (var i = 0; i < 2000; i++)
        {
            values.Add(new decimal(random.Next(), random.Next(0, 3) == 0 ? random.Next() : 0, random.Next(0, 10) == 0 ? random.Next() : 0, random.Next(2) == 0, (byte)random.Next(0, 29)));
        }

        foreach (var value in values)
        {
            var buffer = new ArrayBufferWriter<byte>();
            var w = new Hl7Writer(buffer);
            w.StartSegment("OBX");
            w.Field(1);
            w.Write(value);
            w.EndSegment();

            Assert.Equal("OBX|" + value.ToString(CultureInfo.InvariantCulture) + "\r", Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    [Theory]
    [InlineData("Müller µL ³ 日本")]
    [InlineData("plain ascii that is longer than sixty-four characters, to take the vectorised path |^~ ok")]
    [InlineData("short|^")]
    [InlineData("ünïcödé|then^special")]
    public void Write_NonAsciiAndLongValues_RoundTrip(string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new Hl7Writer(buffer);
        w.StartSegment("MSH");
        w.Field(10);
        w.Write(value);
        w.Field(18);
        w.WriteRaw("UNICODE UTF-8 ü");
        w.EndSegment();

        var message = Hl7Message.Parse(buffer.WrittenSpan);

        Assert.Equal(value, message.ControlId);
        Assert.Equal("UNICODE UTF-8 ü", message.GetValue("MSH-18"));
    }

    [Fact]
    public void Flush_OpenSegment_CommitsPendingBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new Hl7Writer(buffer);
        w.StartSegment("PID");
        w.Field(3);
        w.Write("ABC");

        Assert.Equal(0, buffer.WrittenCount);
        Assert.Equal(9, w.BytesWritten);
        w.Flush();
        Assert.Equal("PID|||ABC", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Write_LargeValue_SpansSeveralChunks()
    {
        var big = string.Concat(Enumerable.Repeat("0123456789|", 1000));
        var buffer = new ArrayBufferWriter<byte>();
        var w = new Hl7Writer(buffer);
        w.StartSegment("NTE");
        w.Field(3);
        w.Write(big);
        w.EndSegment();

        Assert.Equal(big, Hl7Message.Parse("MSH|^~\\&\r" + Encoding.UTF8.GetString(buffer.WrittenSpan)).GetValue("NTE-3"));
    }
}
