namespace Hematology.Integration.Hl7Mapping.Tests.Catalog;

public sealed class HematologyCatalogTests
{
    private static readonly HematologyCatalog Catalog = HematologyCatalog.Default;

    [Fact]
    public void Default_EveryLoincCode_PassesTheMod10CheckDigit()
    {
        Assert.NotEmpty(Catalog.Parameters);
        foreach (var p in Catalog.Parameters)
        {
            Assert.Equal(LoincCodeError.None, LoincCode.Validate(p.Loinc.Value));
            Assert.Equal(LoincCode.ComputeCheckDigit(p.Loinc.Value.AsSpan()[..^2]), p.Loinc.Value[^1] - '0');
        }
    }

    [Fact]
    public void Default_EveryParameter_HasAUnitThatFitsItsProperty()
    {
        foreach (var p in Catalog.Parameters)
        {
            Assert.Equal(UnitCheck.Compatible, Catalog.CheckUnit(p.Loinc, p.Unit));
        }
    }

    [Theory]
    [InlineData("WBC", "10*3/uL", "6690-2", LoincProperty.NumberConcentration)]
    [InlineData("RBC", "10*12/L", "789-8", LoincProperty.NumberConcentration)]
    [InlineData("HGB", "g/dL", "718-7", LoincProperty.MassConcentration)]
    [InlineData("hgb", "mmol/L", "59260-0", LoincProperty.SubstanceConcentration)]
    [InlineData("HCT", "%", "4544-3", LoincProperty.VolumeFraction)]
    [InlineData("HCT", "L/L", "71833-8", LoincProperty.PureVolumeFraction)]
    [InlineData("RDW-CV", "%", "788-0", LoincProperty.Ratio)]
    [InlineData("RDW", "%", "788-0", LoincProperty.Ratio)]
    [InlineData("RDW-SD", "fL", "21000-5", LoincProperty.EntiticVolume)]
    [InlineData("MCV", "fL", "787-2", LoincProperty.EntiticVolume)]
    [InlineData("MCH", "pg", "785-6", LoincProperty.EntiticMass)]
    [InlineData("PLT", "K/µL", "777-3", LoincProperty.NumberConcentration)]
    [InlineData("ANC", "10^9/L", "751-8", LoincProperty.NumberConcentration)]
    [InlineData("NEUT%", "%", "770-8", LoincProperty.NumberFraction)]
    [InlineData("NRBC%", "/100 WBC", "58413-6", LoincProperty.Ratio)]
    [InlineData("RET#", "10*9/L", "60474-4", LoincProperty.NumberConcentration)]
    public void TryFindByLocalCode_CodeAndUnit_PicksTheLoincWhosePropertyFits(string local, string unit, string loinc, LoincProperty property)
    {
        Assert.True(Catalog.TryFindByLocalCode(local, unit, out var p));
        Assert.Equal(loinc, p.Loinc.Value);
        Assert.Equal(property, p.Property);
    }

    [Theory]
    [InlineData("WBC", "%")]
    [InlineData("RDW-CV", "fL")]
    [InlineData("RDW-SD", "%")]
    [InlineData("NOPE", "%")]
    public void TryFindByLocalCode_UnitThatFitsNoEntry_IsNotFound(string local, string unit)
    {
        Assert.False(Catalog.TryFindByLocalCode(local, unit, out _));
    }

    [Fact]
    public void TryFindByLoinc_DifferentialCodes_AreMarked()
    {
        Assert.True(Catalog.TryFindByLoinc(LoincCode.Parse("770-8"), out var neut));
        Assert.True(neut.IsDifferential);
        Assert.True(Catalog.TryFindByLoinc(LoincCode.Parse("6690-2"), out var wbc));
        Assert.False(wbc.IsDifferential);
    }

    [Theory]
    [InlineData("10^3/uL", "10*3/uL")]
    [InlineData("x10³/µL", "10*3/uL")]
    [InlineData("x10³/μL", "10*3/uL")]
    [InlineData("10e3/uL", "10*3/uL")]
    [InlineData("K/uL", "10*3/uL")]
    [InlineData("K/µL", "10*3/uL")]
    [InlineData("thou/uL", "10*3/uL")]
    [InlineData("10*3/uL", "10*3/uL")]
    [InlineData("10^9/L", "10*9/L")]
    [InlineData("x10E9/L", "10*9/L")]
    [InlineData("G/L", "10*9/L")]
    [InlineData("/nL", "10*9/L")]
    [InlineData("10^6/uL", "10*6/uL")]
    [InlineData("M/uL", "10*6/uL")]
    [InlineData("mill/uL", "10*6/uL")]
    [InlineData("Mio/µL", "10*6/uL")]
    [InlineData("10^12/L", "10*12/L")]
    [InlineData("T/L", "10*12/L")]
    [InlineData("/pL", "10*12/L")]
    [InlineData("g/dl", "g/dL")]
    [InlineData("g%", "g/dL")]
    [InlineData("g/L", "g/L")]
    [InlineData("mmol/l", "mmol/L")]
    [InlineData(" % ", "%")]
    [InlineData("l/l", "L/L")]
    [InlineData("fl", "fL")]
    [InlineData("µm³", "fL")]
    [InlineData("pg", "pg")]
    [InlineData("fmol", "fmol")]
    [InlineData("amol", "amol")]
    [InlineData("/100 WBC", "/100{WBCs}")]
    [InlineData("/100WBC", "/100{WBCs}")]
    [InlineData("cells/uL", "/uL")]
    public void TryNormalizeUnit_InstrumentSpelling_GivesUcum(string spelling, string ucum)
    {
        Assert.True(Catalog.TryNormalizeUnit(spelling, out var result));
        Assert.Equal(ucum, result);
    }

    [Theory]
    [InlineData("G/l")]
    [InlineData("furlongs")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("10^3")]
    public void TryNormalizeUnit_UnknownOrAmbiguous_IsNeverGuessed(string? spelling)
    {
        Assert.False(Catalog.TryNormalizeUnit(spelling, out _));
    }

    [Theory]
    [InlineData("14.2", "g/dL", "mmol/L", "8.81")]
    [InlineData("6.4", "g/dL", "mmol/L", "4.0")]
    [InlineData("10.0", "g/dL", "mmol/L", "6.21")]
    [InlineData("8.8", "mmol/L", "g/dL", "14")]
    [InlineData("8.81", "mmol/L", "g/dL", "14.2")]
    [InlineData("14.2", "g/dL", "g/L", "142")]
    [InlineData("142", "g/L", "g/dL", "14.2")]
    [InlineData("41.1", "%", "L/L", "0.411")]
    [InlineData("0.42", "L/L", "%", "42")]
    [InlineData("7.42", "10*3/uL", "10*9/L", "7.42")]
    [InlineData("4.51", "10*6/uL", "10*12/L", "4.51")]
    [InlineData("7420", "/uL", "10*3/uL", "7.420")]
    [InlineData("0.0512", "10*6/uL", "10*9/L", "51.2")]
    [InlineData("29.5", "pg", "fmol", "1.83")]
    [InlineData("29.5", "pg", "amol", "1830")]
    [InlineData("32.8", "g/dL", "g/L", "328")]
    public void TryConvert_KnownUnits_UsesTheReferenceFactors(string value, string from, string to, string expected)
    {
        Assert.True(Catalog.TryConvert(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), from, to, out var converted));
        Assert.Equal(expected, converted.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryConvert_Hemoglobin_NeverUsesTheTetramerFactor()
    {
        Assert.True(Catalog.TryConvert(10.000m, "g/dL", "mmol/L", out var mmol));
        Assert.Equal(6.206m, mmol);
        Assert.NotEqual(1.55m, decimal.Round(mmol, 2));
    }

    [Theory]
    [InlineData("10*3/uL", "fL")]
    [InlineData("%", "g/dL")]
    [InlineData("furlongs", "%")]
    public void TryConvert_IncompatibleOrUnknownUnits_Fails(string from, string to)
    {
        Assert.False(Catalog.TryConvert(1m, from, to, out _));
    }

    [Theory]
    [InlineData("788-0", "%", UnitCheck.Compatible)]
    [InlineData("788-0", "fL", UnitCheck.Mismatch)]
    [InlineData("21000-5", "fL", UnitCheck.Compatible)]
    [InlineData("21000-5", "%", UnitCheck.Mismatch)]
    [InlineData("6690-2", "%", UnitCheck.Mismatch)]
    [InlineData("6690-2", "K/uL", UnitCheck.Compatible)]
    [InlineData("770-8", "10*3/uL", UnitCheck.Mismatch)]
    [InlineData("787-2", "pg", UnitCheck.Mismatch)]
    [InlineData("718-7", "mmol/L", UnitCheck.Mismatch)]
    [InlineData("59260-0", "mmol/L", UnitCheck.Compatible)]
    [InlineData("4544-3", "L/L", UnitCheck.Mismatch)]
    [InlineData("58413-6", "/100{WBCs}", UnitCheck.Compatible)]
    [InlineData("6690-2", "furlongs", UnitCheck.UnknownUnit)]
    [InlineData("2345-7", "%", UnitCheck.UnknownCode)]
    public void CheckUnit_CodeAndUnit_FitsOnlyMatchingProperties(string loinc, string unit, UnitCheck expected)
    {
        Assert.Equal(expected, Catalog.CheckUnit(LoincCode.Parse(loinc), unit));
    }

    [Fact]
    public void Default_HasNoReferenceRanges()
    {
        Assert.Empty(Catalog.Ranges);
        Assert.Equal(ResultInterpretation.None, Catalog.Interpret(LoincCode.Parse("718-7"), "g/dL", ResultValue.Numeric(3m)));
    }
}
