using System.Text;
using Hematology.Integration.Testing;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Hl7Mapping.Tests.Ack;

public sealed class AckBuilderTests
{
    private const string Original =
        "MSH|^~\\&|HEMABRIDGE^2.16.840.1.113883.3.9999.1^ISO|CORELAB|LIS|HOSP|20250314101533-0500||ORU^R01^ORU_R01|HB0001|P|2.5.1|||AL|NE||UNICODE UTF-8\r" +
        "PID|1||MRN1\r";

    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 3, 14, 15, 15, 34, TimeSpan.Zero));

    [Fact]
    public void Build_Accept_SwapsApplicationsAndEchoesControlId()
    {
        var builder = new AckBuilder(null, Clock);

        var ack = Hl7Message.Parse(builder.Build(Hl7Header.Read(Encoding.UTF8.GetBytes(Original)), AckCode.ApplicationAccept));

        Assert.Equal("LIS", ack.GetValue("MSH-3"));
        Assert.Equal("HOSP", ack.GetValue("MSH-4"));
        Assert.Equal("HEMABRIDGE^2.16.840.1.113883.3.9999.1^ISO", ack.Get("MSH-5").Raw.ToString());
        Assert.Equal("CORELAB", ack.GetValue("MSH-6"));
        Assert.Equal("20250314151534+0000", ack.GetValue("MSH-7"));
        Assert.Equal("ACK^R01^ACK", ack.MessageType);
        Assert.NotEqual("HB0001", ack.ControlId);
        Assert.InRange(ack.ControlId.Length, 1, 20);
        Assert.Equal("P", ack.GetValue("MSH-11"));
        Assert.Equal("2.5.1", ack.Version);
        Assert.Equal("AA", ack.GetValue("MSA-1"));
        Assert.Equal("HB0001", ack.GetValue("MSA-2"));
        Assert.Equal(2, ack.SegmentCount);
    }

    [Fact]
    public void Build_TwoAcks_HaveDistinctControlIds()
    {
        var builder = new AckBuilder(null, Clock);
        var header = Hl7Header.Read(Encoding.UTF8.GetBytes(Original));

        var first = Hl7Ack.Parse(builder.BuildUtf8(header, AckCode.ApplicationAccept));
        var second = Hl7Ack.Parse(builder.BuildUtf8(header, AckCode.ApplicationAccept));

        Assert.NotEqual(first.ControlId, second.ControlId);
    }

    [Fact]
    public void Build_ClockMovesOn_MshTimeAndControlIdFollowEverySecondInTheConfiguredZone()
    {
        // MSH-7 and the time part of MSH-10 are worked out once a second: they must still follow the clock exactly.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 15, 15, 34, 900, TimeSpan.Zero));
        var zone = TimeZoneInfo.CreateCustomTimeZone("plus-two", TimeSpan.FromHours(2), "plus-two", "plus-two");
        var builder = new AckBuilder(new AckBuilderOptions { TimeZone = zone, ControlIdPrefix = "A" }, clock);
        var header = Hl7Header.Read(Encoding.UTF8.GetBytes(Original));

        var first = Hl7Message.Parse(builder.Build(header, AckCode.ApplicationAccept));
        clock.Advance(TimeSpan.FromMilliseconds(50)); // same second
        var second = Hl7Message.Parse(builder.Build(header, AckCode.ApplicationAccept));
        clock.Advance(TimeSpan.FromMilliseconds(60)); // the next second
        var third = Hl7Message.Parse(builder.Build(header, AckCode.ApplicationAccept));

        Assert.Equal("20250314171534+0200", first.GetValue("MSH-7"));
        Assert.Equal("20250314171534+0200", second.GetValue("MSH-7"));
        Assert.Equal("20250314171535+0200", third.GetValue("MSH-7"));
        Assert.Equal("A250314151534", first.ControlId[..13]);
        Assert.Equal("A250314151534", second.ControlId[..13]);
        Assert.Equal("A250314151535", third.ControlId[..13]);
        Assert.Equal(3, new[] { first.ControlId, second.ControlId, third.ControlId }.Distinct().Count());
    }

    [Fact]
    public void Build_ErrorWithDetails_WritesErrSegmentPerError()
    {
        var builder = new AckBuilder(new AckBuilderOptions { SendingApplication = "MYLIS", SendingFacility = "MAIN" }, Clock);
        var header = Hl7Header.Read(Encoding.UTF8.GetBytes(Original));

        var text = builder.Build(header, AckCode.ApplicationError, "Rejected|value",
        [
            new AckError { Location = new Hl7ErrorLocation("OBX", 2, 5, 1), Code = Hl7ErrorCode.DataTypeError, DiagnosticInformation = "OBX-5 is not NM" },
            new AckError { Code = Hl7ErrorCode.RequiredFieldMissing, Severity = Hl7ErrorSeverity.Warning, UserMessage = "PID-5 missing" },
        ]);

        var ack = Hl7Message.Parse(text);
        Assert.Equal("MYLIS", ack.GetValue("MSH-3"));
        Assert.Equal("MAIN", ack.GetValue("MSH-4"));
        Assert.Equal("Rejected|value", ack.GetValue("MSA-3"));
        Assert.Equal("OBX^2^5^1", ack.Get("ERR-2").Raw.ToString());
        Assert.Equal("102^Data type error^HL70357", ack.Get("ERR-3").Raw.ToString());
        Assert.Equal("E", ack.GetValue("ERR-4"));
        Assert.Equal("OBX-5 is not NM", ack.GetValue("ERR-7"));
        Assert.Equal("101", ack.GetValue("ERR(2)-3.1"));
        Assert.Equal("W", ack.GetValue("ERR(2)-4"));
        Assert.Equal("PID-5 missing", ack.GetValue("ERR(2)-8"));
    }

    [Theory]
    [InlineData(AckCode.ApplicationError)]
    [InlineData(AckCode.ApplicationReject)]
    [InlineData(AckCode.CommitError)]
    [InlineData(AckCode.CommitReject)]
    public void Build_NegativeCodeWithoutErrors_AddsApplicationInternalError(AckCode code)
    {
        var builder = new AckBuilder(null, Clock);

        var ack = Hl7Ack.Parse(builder.BuildUtf8(Hl7Header.Read(Encoding.UTF8.GetBytes(Original)), code));

        Assert.Equal(code, ack.Code);
        var error = Assert.Single(ack.Errors);
        Assert.Equal(Hl7ErrorCode.ApplicationInternalError, error.Code);
        Assert.Equal(Hl7ErrorSeverity.Error, error.Severity);
    }

    [Theory]
    [InlineData(AckCode.ApplicationAccept, "AA")]
    [InlineData(AckCode.CommitAccept, "CA")]
    public void Build_AcceptCodes_HaveNoErr(AckCode code, string letters)
    {
        var builder = new AckBuilder(null, Clock);

        var text = builder.Build(Hl7Header.Read(Encoding.UTF8.GetBytes(Original)), code);

        Assert.DoesNotContain("ERR", text, StringComparison.Ordinal);
        Assert.Contains("MSA|" + letters + "|HB0001", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildUtf8_UnreadableMessage_IsRejectedWithTheParseError()
    {
        var builder = new AckBuilder(null, Clock);

        var ack = Hl7Ack.Parse(builder.BuildUtf8("not hl7 at all"u8, AckCode.ApplicationAccept));

        Assert.Equal(AckCode.ApplicationReject, ack.Code);
        Assert.Equal(string.Empty, ack.AcknowledgedControlId);
        Assert.Equal(Hl7ErrorCode.SegmentSequenceError, Assert.Single(ack.Errors).Code);
    }

    [Fact]
    public void Build_OriginalWithOtherDelimiters_TranslatesEchoedFields()
    {
        var original = "MSH#!*$%#APP!1.2!ISO#FAC#LIS#HOSP^X#20250101##ORU!R01#ID9#P#2.3\r";
        var builder = new AckBuilder(null, Clock);

        var ack = Hl7Message.Parse(builder.Build(Hl7Header.Read(original.AsSpan()), AckCode.ApplicationAccept));

        Assert.Equal("APP^1.2^ISO", ack.Get("MSH-5").Raw.ToString());
        Assert.Equal("LIS", ack.GetValue("MSH-3"));
        Assert.Equal("HOSP^X", ack.GetValue("MSH-4"));
        Assert.Equal("HOSP\\S\\X", ack.Get("MSH-4").Raw.ToString());
        Assert.Equal("ID9", ack.GetValue("MSA-2"));
        Assert.Equal("2.3", ack.Version);
    }

    [Fact]
    public void Build_Golden_AckAeForRealisticOru()
    {
        var builder = new AckBuilder(new AckBuilderOptions { TimeZone = TimeZoneInfo.Utc }, Clock);
        var text = builder.Build(Hl7Header.Read(Encoding.UTF8.GetBytes(Original)), AckCode.ApplicationError, "Result rejected",
            [new AckError { Location = new Hl7ErrorLocation("OBX", 2, 5, 1), Code = Hl7ErrorCode.DataTypeError, DiagnosticInformation = "OBX-5 value is not a valid NM" }]);

        Approval.Verify(text, "Ack_AE");
    }

    [Fact]
    public void Options_Defaults_AreDocumentedValues()
    {
        var options = new AckBuilderOptions();

        Assert.Equal("A", options.ControlIdPrefix);
        Assert.Equal("2.5.1", options.DefaultVersion);
        Assert.Equal(string.Empty, options.SendingApplication);
        Assert.Equal(string.Empty, options.SendingFacility);
        Assert.Null(options.TimeZone);
        Assert.True(new AckBuilderOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("", "2.5.1", "", 1)]
    [InlineData("ABCD", "2.5.1", "", 1)]
    [InlineData("A-", "2.5.1", "", 1)]
    [InlineData("A", "v2", "", 1)]
    [InlineData("A", "", "", 1)]
    [InlineData("A", "2.5.1", "LIS|X", 1)]
    [InlineData("", "x", "A\rB", 3)]
    [InlineData("ACK", "2.3", "LIS^1.2^ISO", 0)]
    public void Validator_Options_ReportsEveryError(string prefix, string version, string application, int errors)
    {
        var options = new AckBuilderOptions { ControlIdPrefix = prefix, DefaultVersion = version, SendingApplication = application };

        var result = new AckBuilderOptionsValidator().Validate(null, options);

        Assert.Equal(errors, result.Failures?.Count() ?? 0);
        if (errors > 0)
        {
            Assert.Throws<OptionsValidationException>(() => new AckBuilder(options));
        }
    }
}
