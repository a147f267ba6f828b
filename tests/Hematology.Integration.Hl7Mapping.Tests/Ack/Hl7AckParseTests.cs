using System.Text;

namespace Hematology.Integration.Hl7Mapping.Tests.Ack;

public sealed class Hl7AckParseTests
{
    [Fact]
    public void Parse_AcceptAck_ReturnsCodeAndAcknowledgedControlId()
    {
        var ack = Hl7Ack.Parse("MSH|^~\\&|LIS|HOSP|HEMA|LAB|20250314101534||ACK^R01^ACK|L998877|P|2.5.1\rMSA|AA|HB0001|OK\r"u8);

        Assert.Equal(AckCode.ApplicationAccept, ack.Code);
        Assert.True(ack.IsAccepted);
        Assert.True(ack.Acknowledges("HB0001"));
        Assert.False(ack.Acknowledges("HB0002"));
        Assert.Equal("OK", ack.TextMessage);
        Assert.Equal("L998877", ack.ControlId);
        Assert.Equal("ACK^R01^ACK", ack.MessageType);
        Assert.Empty(ack.Errors);
    }

    [Fact]
    public void Parse_ErrorAck_ReadsErrDetails()
    {
        var text = "MSH|^~\\&|LIS|CORELAB|HEMABRIDGE|CORELAB|20250314101534-0500||ACK^R01^ACK|LIS000998877|P|2.5.1\n" +
                   "MSA|AE|HB25031410153301\n" +
                   "ERR||OBX^2^5^1|102^Data type error^HL70357|E|||OBX-5 value '6,4' is not a valid NM|Call \\T\\ check\n";

        var ack = Hl7Ack.Parse(Encoding.UTF8.GetBytes(text));

        Assert.Equal(AckCode.ApplicationError, ack.Code);
        Assert.False(ack.IsAccepted);
        Assert.Equal("HB25031410153301", ack.AcknowledgedControlId);
        var error = Assert.Single(ack.Errors);
        Assert.Equal(new Hl7ErrorLocation("OBX", 2, 5, 1), error.Location);
        Assert.Equal(Hl7ErrorCode.DataTypeError, error.Code);
        Assert.Equal("Data type error", error.CodeText);
        Assert.Equal(Hl7ErrorSeverity.Error, error.Severity);
        Assert.Equal("OBX-5 value '6,4' is not a valid NM", error.DiagnosticInformation);
        Assert.Equal("Call & check", error.UserMessage);
    }

    [Fact]
    public void Parse_OldStyleErr1_ReadsCodeAndLocation()
    {
        var ack = Hl7Ack.Parse("MSH|^~\\&|LIS|H|A|F|2025||ACK|1|P|2.3\rMSA|AR|C9|Rejected\rERR|PID^1^3^101&Required field missing&HL70357\r".AsSpan());

        var error = Assert.Single(ack.Errors);
        Assert.Equal(AckCode.ApplicationReject, ack.Code);
        Assert.Equal(Hl7ErrorCode.RequiredFieldMissing, error.Code);
        Assert.Equal("Required field missing", error.CodeText);
        Assert.Equal(new Hl7ErrorLocation("PID", 1, 3), error.Location);
    }

    [Theory]
    [InlineData("CA", AckCode.CommitAccept)]
    [InlineData("CE", AckCode.CommitError)]
    [InlineData("CR", AckCode.CommitReject)]
    [InlineData("AR", AckCode.ApplicationReject)]
    public void Parse_EveryCode_IsRecognised(string letters, AckCode expected)
    {
        var ack = Hl7Ack.Parse(Encoding.UTF8.GetBytes($"MSH|^~\\&|A|B|C|D|||ACK^R01^ACK|9|P|2.5.1\rMSA|{letters}|X1\r"));

        Assert.Equal(expected, ack.Code);
        Assert.Equal(letters, ack.Code.ToHl7());
    }

    [Theory]
    [InlineData("", Hl7ParseError.Empty)]
    [InlineData("garbage\r", Hl7ParseError.MissingMsh)]
    [InlineData("MSH|^~\\&|A|B|C|D|||ACK|1|P|2.5.1\r", Hl7ParseError.MissingSegment)]
    [InlineData("MSH|^~\\&|A|B|C|D|||ACK|1|P|2.5.1\rMSA||X\r", Hl7ParseError.MissingField)]
    [InlineData("MSH|^~\\&|A|B|C|D|||ACK|1|P|2.5.1\rMSA|OK|X\r", Hl7ParseError.InvalidValue)]
    [InlineData("MSH|^~\\&|A|B|C|D|||ACK|1|P|2.5.1\rmsa|AA|X\r", Hl7ParseError.InvalidSegmentId)]
    [InlineData("MSH|^~^&|A\rMSA|AA|X\r", Hl7ParseError.InvalidDelimiters)]
    public void TryParse_NotAnAck_GivesTypedError(string text, Hl7ParseError expected)
    {
        Assert.False(Hl7Ack.TryParse(Encoding.UTF8.GetBytes(text), out _, out var error));
        Assert.Equal(expected, error.Error);
        Assert.Throws<Hl7ParseException>(() => Hl7Ack.Parse(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void TryParse_MsaError_SaysSegmentAndField()
    {
        Assert.False(Hl7Ack.TryParse("MSH|^~\\&|A\rMSA|ZZ|X\r".AsSpan(), out _, out var error));

        Assert.Equal(2, error.SegmentIndex);
        Assert.Equal("MSA", error.SegmentId);
        Assert.Equal(1, error.Field);
    }

    [Fact]
    public void Parse_LargeAck_UsesPooledBuffer()
    {
        var text = "MSH|^~\\&|A|B|C|D|||ACK|1|P|2.5.1\rMSA|AE|X\rERR||||E|||" + new string('d', 5000) + "\r";

        var ack = Hl7Ack.Parse(Encoding.UTF8.GetBytes(text));

        Assert.Equal(5000, Assert.Single(ack.Errors).DiagnosticInformation!.Length);
    }
}
