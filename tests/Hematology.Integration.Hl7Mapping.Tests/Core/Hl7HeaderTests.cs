using System.Text;

namespace Hematology.Integration.Hl7Mapping.Tests.Core;

public sealed class Hl7HeaderTests
{
    [Fact]
    public void Read_Bytes_ReturnsTheFieldsAnMllpPeerNeeds()
    {
        var bytes = Encoding.UTF8.GetBytes("MSH|^~\\&|HEMA^1.2^ISO|LAB|LIS|HOSP|20250314101533-0500||ORU^R01^ORU_R01|CTRL\\F\\01|P|2.5.1|||AL|NE|USA|UNICODE UTF-8~8859/1\rPID|1\r");

        var header = Hl7Header.Read(bytes);

        Assert.Equal("CTRL|01", header.ControlId);
        Assert.Equal("ORU^R01^ORU_R01", header.MessageType);
        Assert.Equal("ORU", header.MessageCode);
        Assert.Equal("R01", header.TriggerEvent);
        Assert.Equal("HEMA^1.2^ISO", header.SendingApplication);
        Assert.Equal("LAB", header.SendingFacility);
        Assert.Equal("LIS", header.ReceivingApplication);
        Assert.Equal("HOSP", header.ReceivingFacility);
        Assert.Equal("P", header.ProcessingId);
        Assert.Equal("2.5.1", header.Version);
        Assert.Equal("AL", header.AcceptAckType);
        Assert.Equal("NE", header.ApplicationAckType);
        Assert.Equal("UNICODE UTF-8", header.CharacterSet);
        Assert.True(header.IsEnhancedMode);
    }

    [Fact]
    public void Read_ShortMsh_LeavesAbsentFieldsEmpty()
    {
        var header = Hl7Header.Read("\r\nMSH|^~\\&|A|B|C|D|||ACK|X9".AsSpan());

        Assert.Equal("X9", header.ControlId);
        Assert.Equal("ACK", header.MessageCode);
        Assert.Equal(string.Empty, header.TriggerEvent);
        Assert.Equal(string.Empty, header.Version);
        Assert.False(header.IsEnhancedMode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("PID|1\rMSH|^~\\&|A")]
    [InlineData("MSH|^^^^|A")]
    public void TryRead_NotAMessage_ReturnsFalseWithTypedError(string text)
    {
        Assert.False(Hl7Header.TryRead(Encoding.UTF8.GetBytes(text), out _, out var error));
        Assert.IsType<Hl7ParseException>(error);
        Assert.Throws<Hl7ParseException>(() => Hl7Header.Read(Encoding.UTF8.GetBytes(text)));
    }
}
