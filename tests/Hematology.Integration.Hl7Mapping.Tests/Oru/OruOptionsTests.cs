using Microsoft.Extensions.Options;

namespace Hematology.Integration.Hl7Mapping.Tests.Oru;

public sealed class OruOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedValues()
    {
        var o = new OruOptions();

        Assert.Equal("HEMATOLOGY", o.SendingApplication);
        Assert.Equal(string.Empty, o.SendingFacility);
        Assert.Equal(string.Empty, o.ReceivingApplication);
        Assert.Equal(string.Empty, o.ReceivingFacility);
        Assert.Equal("P", o.ProcessingId);
        Assert.Equal(string.Empty, o.AcceptAckType);
        Assert.Equal(string.Empty, o.ApplicationAckType);
        Assert.Equal(string.Empty, o.CountryCode);
        Assert.Equal("UNICODE UTF-8", o.CharacterSet);
        Assert.Equal(string.Empty, o.MessageProfileId);
        Assert.Equal("99HEM", o.LocalCodingSystem);
        Assert.Equal(string.Empty, o.PlacerAssigningAuthority);
        Assert.Equal(string.Empty, o.FillerAssigningAuthority);
        Assert.Equal(string.Empty, o.PatientAssigningAuthority);
        Assert.Equal(string.Empty, o.EquipmentNamespace);
        Assert.False(o.AllowTextResults);
        Assert.True(o.RejectUnknownUnits);
        Assert.True(o.CheckUnitFitsCode);
        Assert.True(o.DeriveInterpretation);
        Assert.True(o.IncludeNotes);
        Assert.Equal(string.Empty, o.TimeZoneId);
        Assert.True(new OruOptionsValidator().Validate(null, o).Succeeded);
    }

    public static TheoryData<string, Action<OruOptions>, int> Cases => new()
    {
        { "realistic", o => Copy(Samples.RealisticOptions(), o), 0 },
        { "training with mode", o => o.ProcessingId = "T^A", 0 },
        { "local system L", o => o.LocalCodingSystem = "L", 0 },
        { "time zone", o => o.TimeZoneId = "Europe/Amsterdam", 0 },
        { "no sending application", o => o.SendingApplication = string.Empty, 1 },
        { "pipe in facility", o => o.SendingFacility = "A|B", 1 },
        { "line break in receiver", o => o.ReceivingApplication = "A\rB", 1 },
        { "processing id", o => o.ProcessingId = "X", 1 },
        { "accept ack type", o => o.AcceptAckType = "YES", 1 },
        { "application ack type", o => o.ApplicationAckType = "al", 1 },
        { "local system", o => o.LocalCodingSystem = "LOCAL", 1 },
        { "patient authority with component", o => o.PatientAssigningAuthority = "A^B", 1 },
        { "profile with pipe", o => o.MessageProfileId = "A|B", 1 },
        { "unknown zone", o => o.TimeZoneId = "Mars/Olympus", 1 },
        {
            "many at once", o =>
            {
                o.SendingApplication = string.Empty;
                o.ProcessingId = string.Empty;
                o.AcceptAckType = "X";
                o.LocalCodingSystem = "9";
                o.TimeZoneId = "Nowhere/None";
            }, 5
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validator_Options_ReportsEveryError(string because, Action<OruOptions> configure, int errors)
    {
        var options = new OruOptions();
        configure(options);

        var result = new OruOptionsValidator().Validate(null, options);

        Assert.True(errors == (result.Failures?.Count() ?? 0), because + ": " + string.Join("; ", result.Failures ?? []));
        if (errors > 0)
        {
            Assert.Throws<OptionsValidationException>(() => new OruBuilder(options));
        }
    }

    private static void Copy(OruOptions from, OruOptions to)
    {
        foreach (var p in typeof(OruOptions).GetProperties())
        {
            p.SetValue(to, p.GetValue(from));
        }
    }
}
