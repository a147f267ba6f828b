namespace Hematology.Integration.Hl7Mapping.Tests.Core;

public sealed class Hl7ParseErrorTests
{
    [Theory]
    [InlineData("", Hl7ParseError.Empty, 0)]
    [InlineData("\r\n\r\n", Hl7ParseError.Empty, 0)]
    [InlineData("PID|1||X\r", Hl7ParseError.MissingMsh, 1)]
    [InlineData("MSH|^~", Hl7ParseError.MissingMsh, 1)]
    [InlineData("MSH|^~\\|A|B\r", Hl7ParseError.InvalidDelimiters, 1)]
    [InlineData("MSH|^^\\&|A|B\r", Hl7ParseError.InvalidDelimiters, 1)]
    [InlineData("MSHA^~\\&|A|B\r", Hl7ParseError.InvalidDelimiters, 1)]
    [InlineData("MSH|^~\\&|A\rPID|1\robx|1\r", Hl7ParseError.InvalidSegmentId, 3)]
    [InlineData("MSH|^~\\&|A\rPI\r", Hl7ParseError.InvalidSegmentId, 2)]
    [InlineData("MSH|^~\\&|A\rPIDX|1\r", Hl7ParseError.InvalidSegmentId, 2)]
    [InlineData("MSH|^~\\&|A\rPID|1\rMSH|^~\\&|B\r", Hl7ParseError.InvalidSegmentId, 3)]
    public void Parse_InvalidText_ThrowsTypedErrorWithSegmentIndex(string text, Hl7ParseError expected, int segmentIndex)
    {
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(text));

        Assert.Equal(expected, error.Error);
        Assert.Equal(segmentIndex, error.SegmentIndex);
        Assert.False(Hl7Message.TryParse(text.AsMemory(), out _, out var tryError));
        Assert.Equal(expected, tryError.Error);
    }

    [Fact]
    public void ParseException_InvalidSegment_SaysWhereWithoutData()
    {
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse("MSH|^~\\&|A\rPID|1||SECRET\rob|SECRET2\r"));

        Assert.Equal(3, error.SegmentIndex);
        Assert.Contains("segment 3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
        Assert.Equal(25, error.Position);
    }

    [Fact]
    public void ParseException_Location_NamesSegmentAndField()
    {
        var error = new Hl7ParseException(Hl7ParseError.MissingField, 2, "MSA", 1, 0, 40, "MSA-1 is empty");

        Assert.Equal("MSA #2, field MSA-1", error.Location);
        Assert.Contains("field 1", error.Message, StringComparison.Ordinal);
    }
}
