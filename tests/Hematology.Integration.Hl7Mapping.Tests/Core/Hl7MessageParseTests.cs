using System.Text;

namespace Hematology.Integration.Hl7Mapping.Tests.Core;

public sealed class Hl7MessageParseTests
{
    private const string Sample =
        "MSH|^~\\&|HEMA^1.2.3^ISO|LAB|LIS|HOSP|20250314101533-0500||ORU^R01^ORU_R01|CTRL001|P|2.5.1|||AL|NE||UNICODE UTF-8\r" +
        "PID|1||MRN001^^^GENHOSP&2.16.840.1&ISO^MR~ALT9^^^OTHER^PI||DOE^JANE\r" +
        "OBR|1|ORD1|SMP1|57021-8^CBC^LN\r" +
        "OBX|1|NM|6690-2^WBC^LN||7.42|10*3/uL^^UCUM|4.50-11.00|N|||F\r" +
        "OBX|2|SN|777-3^PLT^LN||>^1000|10*3/uL^^UCUM||HH|||F\r";

    [Fact]
    public void Parse_StandardMessage_ReadsMshFieldsPerTheStandardNumbering()
    {
        var message = Hl7Message.Parse(Sample);

        Assert.Equal("|", message.GetValue("MSH-1"));
        Assert.Equal("^~\\&", message.GetValue("MSH-2"));
        Assert.Equal("HEMA", message.GetValue("MSH-3.1"));
        Assert.Equal("ORU^R01^ORU_R01", message.MessageType);
        Assert.Equal("R01", message.GetValue("MSH-9.2"));
        Assert.Equal("CTRL001", message.ControlId);
        Assert.Equal("2.5.1", message.Version);
        Assert.Equal("UNICODE UTF-8", message.GetValue("MSH-18"));
        Assert.Equal(5, message.SegmentCount);
    }

    [Fact]
    public void GetValue_ComponentsRepetitionsAndSubComponents_AreAddressable()
    {
        var message = Hl7Message.Parse(Sample);

        Assert.Equal("MRN001", message.GetValue("PID-3.1"));
        Assert.Equal("GENHOSP", message.GetValue("PID-3.4.1"));
        Assert.Equal("2.16.840.1", message.GetValue("PID-3.4.2"));
        Assert.Equal("ALT9", message.GetValue("PID-3(2).1"));
        Assert.Equal("PI", message.GetValue("PID-3(2).5"));
        Assert.Equal(2, message.Get("PID-3").RepetitionCount);
        Assert.Equal(">", message.GetValue("OBX(2)-5.1"));
        Assert.Equal("1000", message.GetValue("OBX(2)-5.2"));
        Assert.Equal("7.42", message.GetValue("OBX-5"));
    }

    [Fact]
    public void GetValue_MissingSegmentFieldOrComponent_ReturnsEmpty()
    {
        var message = Hl7Message.Parse(Sample);

        Assert.Equal(string.Empty, message.GetValue("OBX-30"));
        Assert.Equal(string.Empty, message.GetValue("OBX(9)-5"));
        Assert.Equal(string.Empty, message.GetValue("NTE-3"));
        Assert.Equal(string.Empty, message.GetValue("OBX-4"));
        Assert.Equal(string.Empty, message.GetValue("OBX-5.7"));
        Assert.True(message.Get("OBX-4").IsEmpty);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\n\r\n")]
    public void Parse_AnySegmentTerminator_GivesTheSameSegments(string terminator)
    {
        var text = Sample.Replace("\r", terminator, StringComparison.Ordinal);

        var message = Hl7Message.Parse(text);

        Assert.Equal(5, message.SegmentCount);
        Assert.Equal(Sample, message.ToString());
        Assert.Equal("1000", message.GetValue("OBX(2)-5.2"));
    }

    [Fact]
    public void Parse_CustomDelimiters_AreTakenFromMsh1AndMsh2()
    {
        var text = "MSH#!*$%#APP#FAC#LIS#H#20250101##ORU!R01#ID$F$9#P#2.3\rPID#1##A!B%C*D2\r";

        var message = Hl7Message.Parse(text);

        Assert.Equal(new Hl7Delimiters('#', '!', '*', '$', '%'), message.Delimiters);
        Assert.Equal("#", message.GetValue("MSH-1"));
        Assert.Equal("!*$%", message.GetValue("MSH-2"));
        Assert.Equal("ID#9", message.ControlId);
        Assert.Equal("R01", message.GetValue("MSH-9.2"));
        Assert.Equal("C", message.GetValue("PID-3.2.2"));
        Assert.Equal("D2", message.GetValue("PID-3(2)"));
    }

    [Fact]
    public void Parse_Bytes_DecodesUtf8AndSkipsBom()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("MSH|^~\\&|A|B|C|D|||ORU^R01|X1|P|2.5.1\rPID|1||Müller µL\r")).ToArray();

        var message = Hl7Message.Parse(bytes);

        Assert.Equal("Müller µL", message.GetValue("PID-3"));
    }

    [Fact]
    public void Parse_Latin1BytesDeclaredInMsh18_DecodesAsLatin1()
    {
        var bytes = Encoding.Latin1.GetBytes("MSH|^~\\&|A|B|C|D|||ORU^R01|X1|P|2.5.1||||||8859/1\rPID|1||Müller\r");

        var message = Hl7Message.Parse(bytes);

        Assert.Equal("Müller", message.GetValue("PID-3"));
    }

    [Fact]
    public void WriteTo_ParsedMessage_EncodesUtf8WithCrTerminators()
    {
        var text = Sample.Replace("\r", "\n", StringComparison.Ordinal).Replace("DOE", "DÖE", StringComparison.Ordinal);
        var message = Hl7Message.Parse(text);

        var bytes = message.ToUtf8();

        Assert.Equal(Encoding.UTF8.GetBytes(text.Replace("\n", "\r", StringComparison.Ordinal)), bytes);
    }

    [Fact]
    public void Segments_EnumeratesIdsInOrder()
    {
        var message = Hl7Message.Parse(Sample);

        Assert.Equal(["MSH", "PID", "OBR", "OBX", "OBX"], message.Segments.Select(s => s.Id));
        Assert.Equal(2, message.GetSegments("OBX").Count());
        Assert.True(message.TryGetSegment("OBX", 2, out var obx2));
        Assert.Equal("SN", obx2.GetValue(2));
        Assert.Equal(11, obx2.FieldCount);
        Assert.Equal(18, message.GetSegment(0).FieldCount);
    }

    [Fact]
    public void Field_ExplicitNull_IsRecognised()
    {
        var message = Hl7Message.Parse("MSH|^~\\&|A\rPID|1||\"\"\r");

        Assert.True(message.Get("PID-3").IsNull);
        Assert.False(message.Get("PID-3").IsEmpty);
    }

    [Theory]
    [InlineData("PID")]
    [InlineData("PID-")]
    [InlineData("PID-0")]
    [InlineData("PID-3.x")]
    [InlineData("PID(0)-3")]
    [InlineData("PID-3.1.2.4")]
    public void GetValue_InvalidPosition_ThrowsFormatException(string position)
    {
        var message = Hl7Message.Parse(Sample);

        Assert.Throws<FormatException>(() => message.GetValue(position));
    }
}
