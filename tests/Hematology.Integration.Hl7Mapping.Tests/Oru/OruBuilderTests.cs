using System.Buffers;

namespace Hematology.Integration.Hl7Mapping.Tests.Oru;

public sealed class OruBuilderTests
{
    private static Hl7Message BuildCbc(OruOptions? options = null, SpecimenReport? report = null, HematologyCatalog? catalog = null)
        => Hl7Message.Parse(Samples.Builder(options, catalog).Build(report ?? Samples.CbcWithDifferential(), ControlId.FromContent(Samples.FileSha, 0)));

    [Fact]
    public void Build_Msh_CarriesHeaderFieldsFromOptions()
    {
        var m = BuildCbc();

        Assert.Equal("HEMABRIDGE", m.GetValue("MSH-3.1"));
        Assert.Equal("2.16.840.1.113883.3.9999.1", m.GetValue("MSH-3.2"));
        Assert.Equal("LIS", m.GetValue("MSH-5.1"));
        Assert.Equal("20250314151533+0000", m.GetValue("MSH-7"));
        Assert.Equal("ORU^R01^ORU_R01", m.MessageType);
        Assert.Equal(ControlId.FromContent(Samples.FileSha, 0), m.ControlId);
        Assert.Equal("P", m.GetValue("MSH-11"));
        Assert.Equal("2.5.1", m.Version);
        Assert.Equal("AL", m.GetValue("MSH-15"));
        Assert.Equal("NE", m.GetValue("MSH-16"));
        Assert.Equal("USA", m.GetValue("MSH-17"));
        Assert.Equal("UNICODE UTF-8", m.GetValue("MSH-18"));
        Assert.Equal("LRI_Common_Component", m.GetValue("MSH-21.1"));
    }

    [Fact]
    public void Build_Msh7_UsesTheConfiguredTimeZoneWithItsOffset()
    {
        var options = Samples.RealisticOptions();
        options.TimeZoneId = "America/New_York";

        var m = BuildCbc(options);

        Assert.Equal("20250314111533-0400", m.GetValue("MSH-7"));
        Assert.Equal("20250314093000-0400", m.GetValue("OBR-7"));
    }

    [Fact]
    public void Build_DefaultOptions_OriginalModeWithoutOptionalFields()
    {
        var m = Hl7Message.Parse(new OruBuilder(timeProvider: new Testing.FakeTimeProvider(Samples.Now)).Build(Samples.CbcWithDifferential(), "C1"));

        Assert.Equal("HEMATOLOGY", m.GetValue("MSH-3"));
        Assert.Equal(string.Empty, m.GetValue("MSH-15"));
        Assert.Equal(string.Empty, m.GetValue("MSH-16"));
        Assert.Equal(string.Empty, m.GetValue("MSH-21"));
        Assert.Equal("99HEM", m.GetValue("OBX-3.6"));
    }

    [Fact]
    public void Build_Pid_WritesIdentifierWithAuthorityAsSubComponents()
    {
        var m = BuildCbc();

        Assert.Equal("MRN0012345^^^GENHOSP&2.16.840.1.113883.3.9999.10&ISO^MR", m.Get("PID-3").Raw.ToString());
        Assert.Equal("GENHOSP", m.GetValue("PID-3.4.1"));
        Assert.Equal("ISO", m.GetValue("PID-3.4.3"));
        Assert.Equal("DOE", m.GetValue("PID-5.1"));
        Assert.Equal("JANE", m.GetValue("PID-5.2"));
        Assert.Equal("19700101", m.GetValue("PID-7"));
        Assert.Equal("F", m.GetValue("PID-8"));
    }

    [Fact]
    public void Build_NoPatient_OmitsPid()
    {
        var m = BuildCbc(report: Samples.CbcOnly());

        Assert.False(m.TryGetSegment("PID", 1, out _));
        Assert.Equal("ORC", m.GetSegment(1).Id);
    }

    [Fact]
    public void Build_OrcAndObr_CarryMatchingPlacerAndFillerNumbers()
    {
        var m = BuildCbc();

        Assert.Equal("RE", m.GetValue("ORC-1"));
        Assert.Equal("ORD778812^EHR^2.16.840.1.113883.3.9999.20^ISO", m.Get("ORC-2").Raw.ToString());
        Assert.Equal("SMP2503140042^CORELAB^2.16.840.1.113883.3.9999.2^ISO", m.Get("ORC-3").Raw.ToString());
        Assert.Equal(m.Get("ORC-2").Raw.ToString(), m.Get("OBR-2").Raw.ToString());
        Assert.Equal(m.Get("ORC-3").Raw.ToString(), m.Get("OBR-3").Raw.ToString());
        Assert.Equal("20250314083000-0500", m.GetValue("OBR-7"));
        Assert.Equal("20250314151533+0000", m.GetValue("OBR-22"));
        Assert.Equal("HM", m.GetValue("OBR-24"));
        Assert.Equal("F", m.GetValue("OBR-25"));
    }

    [Fact]
    public void Build_Panel_IsCbcWithDifferentialWhenADifferentialParameterIsPresent()
    {
        Assert.Equal("57021-8^CBC W Auto Differential panel - Blood^LN", BuildCbc().Get("OBR-4").Raw.ToString());
        Assert.Equal("58410-2^CBC panel - Blood by Automated count^LN", BuildCbc(report: Samples.CbcOnly()).Get("OBR-4").Raw.ToString());
    }

    [Fact]
    public void Build_Obx_NumericResult()
    {
        var m = BuildCbc();

        Assert.Equal("1", m.GetValue("OBX-1"));
        Assert.Equal("NM", m.GetValue("OBX-2"));
        Assert.Equal("6690-2^Leukocytes [#/volume] in Blood by Automated count^LN^WBC^WBC^99XN", m.Get("OBX-3").Raw.ToString());
        Assert.Equal("7.42", m.GetValue("OBX-5"));
        Assert.Equal("10*3/uL^^UCUM", m.Get("OBX-6").Raw.ToString());
        Assert.Equal("4.50-11.00", m.GetValue("OBX-7"));
        Assert.Equal("N", m.GetValue("OBX-8"));
        Assert.Equal("F", m.GetValue("OBX-11"));
        Assert.Equal("20250314083000-0500", m.GetValue("OBX-14"));
        Assert.Equal("XN-1000-11001^CORELAB", m.Get("OBX-18").Raw.ToString());
        Assert.Equal("20250314100512-0500", m.GetValue("OBX-19"));
    }

    [Fact]
    public void Build_Obx_KeepsTheAnalyzersPrecision()
    {
        var m = BuildCbc();

        Assert.Equal("4.10", m.GetValue("OBX(13)-5"));
        Assert.Equal("79.0", m.GetValue("OBX(5)-5"));
    }

    [Fact]
    public void Build_OffScaleValue_IsStructuredNumeric()
    {
        var m = BuildCbc();

        Assert.Equal("777-3", m.GetValue("OBX(8)-3.1"));
        Assert.Equal("SN", m.GetValue("OBX(8)-2"));
        Assert.Equal(">^1000", m.Get("OBX(8)-5").Raw.ToString());
        Assert.Equal("HH", m.GetValue("OBX(8)-8"));
    }

    [Fact]
    public void Build_NotReportedValue_HasStatusXAndNoValueOrType()
    {
        var m = BuildCbc();

        Assert.Equal("58413-6", m.GetValue("OBX(25)-3.1"));
        Assert.Equal(string.Empty, m.GetValue("OBX(25)-2"));
        Assert.Equal(string.Empty, m.GetValue("OBX(25)-5"));
        Assert.Equal(string.Empty, m.GetValue("OBX(25)-8"));
        Assert.Equal("X", m.GetValue("OBX(25)-11"));
        Assert.Equal("/100{WBCs}", m.GetValue("OBX(25)-6.1"));
    }

    [Fact]
    public void Build_Notes_FollowTheOrderAndTheResult()
    {
        var m = BuildCbc();
        var ids = m.Segments.Select(s => s.Id).ToList();

        Assert.Equal(["MSH", "PID", "ORC", "OBR", "NTE", "NTE", "OBX", "OBX", "OBX", "NTE"], ids.Take(10));
        Assert.Equal("IP SUS(PLT) PLT Clumps?", m.GetValue("NTE-3"));
        Assert.Equal("L", m.GetValue("NTE-2"));
        Assert.Equal("Critical value phoned to the ward; read-back confirmed.", m.GetValue("NTE(3)-3"));
        Assert.Equal("1", m.GetValue("NTE(3)-1"));
        Assert.Equal(25, m.GetSegments("OBX").Count());
    }

    [Fact]
    public void Build_IncludeNotesOff_WritesNoNte()
    {
        var options = Samples.RealisticOptions();
        options.IncludeNotes = false;

        Assert.Empty(BuildCbc(options).GetSegments("NTE"));
    }

    [Fact]
    public void Build_InstrumentUnitSpellings_AreNormalisedToUcum()
    {
        var m = BuildCbc(report: Samples.CbcOnly());

        Assert.Equal("10*3/uL", m.GetValue("OBX(1)-6.1"));
        Assert.Equal("10*6/uL", m.GetValue("OBX(2)-6.1"));
        Assert.Equal("g/dL", m.GetValue("OBX(3)-6.1"));
        Assert.Equal("71833-8", m.GetValue("OBX(4)-3.1"));
        Assert.Equal("L/L", m.GetValue("OBX(4)-6.1"));
        Assert.Equal("10*3/uL", m.GetValue("OBX(5)-6.1"));
    }

    [Fact]
    public void Build_CorrectedResult_MarksObxAndOrderC()
    {
        var m = BuildCbc(report: Samples.CbcOnly());

        Assert.Equal("C", m.GetValue("OBX(3)-11"));
        Assert.Equal("F", m.GetValue("OBX(1)-11"));
        Assert.Equal("C", m.GetValue("OBR-25"));
        Assert.Equal("XN-1000", m.GetValue("OBX-18.1"));
    }

    [Fact]
    public void Build_NoFlagAndLabRanges_DerivesInterpretationFromCatalog()
    {
        var catalog = HematologyCatalog.CreateBuilder()
            .AddRange(new CatalogRange { Loinc = LoincCode.Parse("777-3"), Unit = "10*3/uL", Low = 150m, High = 450m, CriticalLow = 20m, CriticalHigh = 1000m })
            .AddRange(new CatalogRange { Loinc = LoincCode.Parse("6690-2"), Unit = "10*3/uL", Low = 4.5m, High = 11.0m, CriticalLow = 2.0m, CriticalHigh = 30m })
            .AddRange(new CatalogRange { Loinc = LoincCode.Parse("718-7"), Unit = "g/dL", Low = 12.0m, High = 16.0m, Sex = AdministrativeSex.Female })
            .AddRange(new CatalogRange { Loinc = LoincCode.Parse("718-7"), Unit = "g/dL", Low = 14.0m, High = 17.0m, Sex = AdministrativeSex.Male })
            .Build();

        var m = BuildCbc(report: Samples.CbcOnly(), catalog: catalog);

        Assert.Equal("H", m.GetValue("OBX(1)-8"));
        Assert.Equal("4.5-11.0", m.GetValue("OBX(1)-7"));
        Assert.Equal(string.Empty, m.GetValue("OBX(2)-8"));
        Assert.Equal(string.Empty, m.GetValue("OBX(3)-8"));
        Assert.Equal("LL", m.GetValue("OBX(5)-8"));
    }

    [Fact]
    public void Build_NoFlagButResultRange_DerivesLowHighNormal()
    {
        var report = Samples.CbcWithDifferential();
        var m = BuildCbc(report: report);

        Assert.Equal("L", m.GetValue("OBX(4)-8"));
        Assert.Equal("L", m.GetValue("OBX(6)-8"));
        Assert.Equal("N", m.GetValue("OBX(2)-8"));
        Assert.Equal(string.Empty, m.GetValue("OBX(11)-8"));
    }

    [Fact]
    public void Build_DeriveInterpretationOff_LeavesObx8Empty()
    {
        var options = Samples.RealisticOptions();
        options.DeriveInterpretation = false;

        var m = BuildCbc(options);

        Assert.Equal(string.Empty, m.GetValue("OBX(1)-8"));
        Assert.Equal("LL", m.GetValue("OBX(3)-8"));
    }

    [Fact]
    public void Build_TextResultWhenAllowed_IsSt()
    {
        var options = Samples.RealisticOptions();
        options.AllowTextResults = true;
        var report = Samples.CbcOnly() with { Results = [Samples.R("WBC", 1m, "10*3/uL", null) with { Value = ResultValue.FromText("see smear") }] };

        var m = BuildCbc(options, report);

        Assert.Equal("ST", m.GetValue("OBX-2"));
        Assert.Equal("see smear", m.GetValue("OBX-5"));
    }

    [Theory]
    [InlineData(Comparator.GreaterThanOrEqual, ">=^50")]
    [InlineData(Comparator.LessThan, "<^0.1")]
    [InlineData(Comparator.LessThanOrEqual, "<=^0.1")]
    public void Build_OffScaleComparators_AreWrittenInSn(Comparator comparator, string expected)
    {
        var limit = comparator == Comparator.GreaterThanOrEqual ? 50m : 0.1m;
        var report = Samples.CbcOnly() with { Results = [Samples.OffScale("WBC", comparator, limit, "10*3/uL", null)] };

        Assert.Equal(expected, BuildCbc(report: report).Get("OBX-5").Raw.ToString());
    }

    [Fact]
    public void Write_IntoReusedBuffer_ProducesTheSameBytesAsBuild()
    {
        var builder = Samples.Builder();
        var buffer = new ArrayBufferWriter<byte>();

        var written = builder.Write(buffer, Samples.CbcWithDifferential(), "C1");

        Assert.Equal(builder.Build(Samples.CbcWithDifferential(), "C1"), buffer.WrittenSpan.ToArray());
        Assert.Equal(buffer.WrittenCount, written);
    }

    [Fact]
    public void Build_OneBuilderManyInstrumentsAndUnits_EachObxCarriesItsOwnValues()
    {
        // The builder encodes OBX-3, OBX-6 and OBX-18 once and copies them afterwards: a cached value must never
        // leak into a message or result it does not belong to.
        var builder = Samples.Builder();
        var other = new InstrumentIdentity("DxH|900", "S^2");
        var first = Hl7Message.Parse(builder.Build(Samples.CbcOnly(), "C1"));
        var report = Samples.CbcOnly() with
        {
            Instrument = other,
            Results =
            [
                Samples.R("HCT", 42.0m, "%", null) with { Instrument = Samples.Xn },
                Samples.R("HCT", 0.42m, "L/L", null),
                Samples.R("WBC", 7.1m, "K/uL", null) with { LoincDisplay = "WBC, display from the analyzer" },
                Samples.R("WBC", 7.2m, "10^9/l", null),
            ],
        };
        var second = Hl7Message.Parse(builder.Build(report, "C2"));
        var third = Hl7Message.Parse(builder.Build(Samples.CbcOnly(), "C3"));

        Assert.Equal("XN-1000", first.GetValue("OBX(1)-18.1"));
        Assert.Equal("XN-1000-11001", second.GetValue("OBX(1)-18.1"));
        Assert.Equal("DxH|900-S^2", second.GetValue("OBX(2)-18.1"));
        Assert.Equal("CORELAB", second.GetValue("OBX(2)-18.2"));
        Assert.Equal("DxH|900-S^2", second.GetValue("OBX(4)-18.1"));
        Assert.Equal(("4544-3", "%"), (second.GetValue("OBX(1)-3.1"), second.GetValue("OBX(1)-6.1")));
        Assert.Equal(("71833-8", "L/L"), (second.GetValue("OBX(2)-3.1"), second.GetValue("OBX(2)-6.1")));
        Assert.Equal("WBC, display from the analyzer", second.GetValue("OBX(3)-3.2"));
        Assert.Equal("Leukocytes [#/volume] in Blood by Automated count", second.GetValue("OBX(4)-3.2"));
        Assert.Equal(("10*3/uL", "10*9/L"), (second.GetValue("OBX(3)-6.1"), second.GetValue("OBX(4)-6.1")));
        Assert.Equal("XN-1000", third.GetValue("OBX(1)-18.1"));
        Assert.Equal(first.ToString().Replace("|C1|", "|C3|", StringComparison.Ordinal), third.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTU")]
    [InlineData("A|B")]
    [InlineData("A B")]
    public void Write_InvalidControlId_Throws(string controlId)
    {
        Assert.Throws<ArgumentException>(() => Samples.Builder().Build(Samples.CbcOnly(), controlId));
    }
}
