namespace Hematology.Integration.Hl7Mapping.Tests.Oru;

public sealed class OruEscapingTests
{
    /// <summary>Every delimiter, CR, LF, CRLF, a segment-looking tail and a control character.</summary>
    public const string Nasty = "A|B^C~D\\E&F\rOBX|99|NM|1-1^X^LN||666\r\nMSH|^~\\&|X\nG\u000BH";

    internal static SpecimenReport HostileReport() => new()
    {
        AnalyzerId = Samples.Analyzer,
        Specimen = new Specimen { Id = "S" + Nasty, PlacerOrderNumber = "P" + Nasty, CollectedAt = Samples.Collected },
        Patient = new PatientIdentity
        {
            Id = "ID" + Nasty,
            AssigningAuthority = "AUTH|^~\\&1.2.3",
            IdentifierType = "T" + Nasty,
            FamilyName = "F" + Nasty,
            GivenName = "G" + Nasty,
            Sex = AdministrativeSex.Male,
        },
        Instrument = new InstrumentIdentity("M" + Nasty, "S" + Nasty),
        Comments = ["C1" + Nasty, "C2" + Nasty],
        Results =
        [
            Samples.R("W" + Nasty, 7.42m, "10*3/uL", null) with { Loinc = LoincCode.Parse("6690-2"), LoincDisplay = "D" + Nasty, Comments = ["N" + Nasty] },
            Samples.R("T" + Nasty, 0m, "10*3/uL", null) with { Loinc = LoincCode.Parse("751-8"), Value = ResultValue.FromText("V" + Nasty) },
            Samples.R("U", 1m, "u" + Nasty, null) with { Loinc = LoincCode.Parse("731-0") },
        ],
    };

    internal static OruOptions HostileOptions()
    {
        var options = Samples.RealisticOptions();
        options.AllowTextResults = true;
        options.RejectUnknownUnits = false;
        return options;
    }

    private static string Meant(string value) => value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\u000B", "\\X0B\\", StringComparison.Ordinal);

    [Fact]
    public void Build_DelimitersAndLineBreaksInEveryField_NeverShiftAFieldOrStartASegment()
    {
        var bytes = Samples.Builder(HostileOptions()).Build(HostileReport(), "C1");
        var m = Hl7Message.Parse(bytes);

        Assert.Equal(["MSH", "PID", "ORC", "OBR", "NTE", "NTE", "OBX", "NTE", "OBX", "OBX"], m.Segments.Select(s => s.Id));
        Assert.Equal(Meant("ID" + Nasty), m.GetValue("PID-3.1"));
        Assert.Equal("AUTH|^~\\", m.GetValue("PID-3.4.1"));
        Assert.Equal("1.2.3", m.GetValue("PID-3.4.2"));
        Assert.Equal(Meant("T" + Nasty), m.GetValue("PID-3.5"));
        Assert.Equal(Meant("F" + Nasty), m.GetValue("PID-5.1"));
        Assert.Equal(Meant("G" + Nasty), m.GetValue("PID-5.2"));
        Assert.Equal("M", m.GetValue("PID-8"));
        Assert.Equal(Meant("P" + Nasty), m.GetValue("ORC-2.1"));
        Assert.Equal(Meant("S" + Nasty), m.GetValue("ORC-3.1"));
        Assert.Equal(Meant("S" + Nasty), m.GetValue("OBR-3.1"));
        Assert.Equal("HM", m.GetValue("OBR-24"));
        Assert.Equal(Meant("C1" + Nasty), m.GetValue("NTE(1)-3"));
        Assert.Equal(Meant("D" + Nasty), m.GetValue("OBX(1)-3.2"));
        Assert.Equal(Meant("W" + Nasty), m.GetValue("OBX(1)-3.4"));
        Assert.Equal("99XN", m.GetValue("OBX(1)-3.6"));
        Assert.Equal("7.42", m.GetValue("OBX(1)-5"));
        Assert.Equal(Meant("N" + Nasty), m.GetValue("NTE(3)-3"));
        Assert.Equal(Meant("V" + Nasty), m.GetValue("OBX(2)-5"));
        Assert.Equal("F", m.GetValue("OBX(2)-11"));
        Assert.Equal(Meant("u" + Nasty), m.GetValue("OBX(3)-6.1"));
        Assert.Equal("UCUM", m.GetValue("OBX(3)-6.3"));
        Assert.Equal(Meant("M" + Nasty + "-S" + Nasty), m.GetValue("OBX(1)-18.1"));
        Assert.Equal("CORELAB", m.GetValue("OBX(1)-18.2"));
        Assert.Equal("20250314100512-0500", m.GetValue("OBX(1)-19"));
    }

    [Fact]
    public void Build_HostileReport_ContainsNoRawControlCharacters()
    {
        var bytes = Samples.Builder(HostileOptions()).Build(HostileReport(), "C1");

        Assert.DoesNotContain(bytes, b => b < 0x20 && b != 0x0D);
        Assert.Equal(10, bytes.Count(b => b == 0x0D));
    }
}
