namespace Hematology.Integration.Hl7Mapping.Tests.Catalog;

public sealed class CatalogRangeTests
{
    private static readonly LoincCode Hgb = LoincCode.Parse("718-7");
    private static readonly LoincCode Plt = LoincCode.Parse("777-3");

    private static readonly HematologyCatalog Catalog = HematologyCatalog.CreateBuilder()
        .AddRange(new CatalogRange { Loinc = Hgb, Unit = "g/dL", Sex = AdministrativeSex.Female, Low = 12.0m, High = 16.0m, CriticalLow = 7.0m, CriticalHigh = 20.0m })
        .AddRange(new CatalogRange { Loinc = Hgb, Unit = "g/dL", Sex = AdministrativeSex.Male, Low = 14.0m, High = 17.0m, CriticalLow = 7.0m, CriticalHigh = 20.0m })
        .AddRange(new CatalogRange { Loinc = Hgb, Unit = "g/L", Low = 120m, High = 170m })
        .AddRange(new CatalogRange { Loinc = Plt, Unit = "10*3/uL", Low = 150m, High = 450m, CriticalLow = 20m, CriticalHigh = 1000m })
        .Build();

    [Theory]
    [InlineData("13.0", AdministrativeSex.Female, ResultInterpretation.Normal)]
    [InlineData("13.0", AdministrativeSex.Male, ResultInterpretation.Low)]
    [InlineData("16.5", AdministrativeSex.Female, ResultInterpretation.High)]
    [InlineData("16.5", AdministrativeSex.Male, ResultInterpretation.Normal)]
    [InlineData("7.0", AdministrativeSex.Female, ResultInterpretation.CriticalLow)]
    [InlineData("6.4", AdministrativeSex.Male, ResultInterpretation.CriticalLow)]
    [InlineData("20.0", AdministrativeSex.Female, ResultInterpretation.CriticalHigh)]
    [InlineData("13.0", AdministrativeSex.Unknown, ResultInterpretation.None)]
    public void Interpret_SexSpecificRanges_DeriveTable0078Flags(string value, AdministrativeSex sex, ResultInterpretation expected)
    {
        var v = ResultValue.Numeric(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, Catalog.Interpret(Hgb, "g/dL", v, sex));
    }

    [Theory]
    [InlineData("g/L", "100", ResultInterpretation.Low)]
    [InlineData("g/l", "150", ResultInterpretation.Normal)]
    [InlineData("mmol/L", "9", ResultInterpretation.None)]
    public void Interpret_RangePerUnit_IsMatchedByUnit(string unit, string value, ResultInterpretation expected)
    {
        var v = ResultValue.Numeric(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, Catalog.Interpret(Hgb, unit, v));
    }

    [Theory]
    [InlineData(Comparator.GreaterThan, "1000", ResultInterpretation.CriticalHigh)]
    [InlineData(Comparator.GreaterThan, "500", ResultInterpretation.High)]
    [InlineData(Comparator.LessThan, "10", ResultInterpretation.CriticalLow)]
    [InlineData(Comparator.LessThan, "100", ResultInterpretation.Low)]
    [InlineData(Comparator.LessThan, "300", ResultInterpretation.None)]
    public void Interpret_OffScaleValues_UseTheirLimit(Comparator comparator, string limit, ResultInterpretation expected)
    {
        var v = ResultValue.OffScale(comparator, decimal.Parse(limit, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, Catalog.Interpret(Plt, "10*3/uL", v));
    }

    [Fact]
    public void Interpret_NotReported_IsNone()
    {
        Assert.Equal(ResultInterpretation.None, Catalog.Interpret(Plt, "10*3/uL", ResultValue.NotReported("----")));
    }

    [Fact]
    public void TryGetRange_PrefersTheSexSpecificRange()
    {
        Assert.True(Catalog.TryGetRange(Hgb, "g/dL", AdministrativeSex.Male, out var male));
        Assert.Equal(14.0m, male.Low);
        Assert.Equal(new ReferenceRange(14.0m, 17.0m), male.ReferenceRange);
        Assert.False(Catalog.TryGetRange(Hgb, "g/dL", null, out _));
    }

    [Fact]
    public void Builder_AddRangeForSameKey_Replaces()
    {
        var catalog = HematologyCatalog.CreateBuilder()
            .AddRange(new CatalogRange { Loinc = Plt, Unit = "10*3/uL", Low = 150m, High = 450m })
            .AddRange(new CatalogRange { Loinc = Plt, Unit = "10*3/uL", Low = 140m, High = 400m })
            .Build();

        Assert.Single(catalog.Ranges);
        Assert.Equal(ResultInterpretation.High, catalog.Interpret(Plt, "10*3/uL", ResultValue.Numeric(420m)));
    }
}
