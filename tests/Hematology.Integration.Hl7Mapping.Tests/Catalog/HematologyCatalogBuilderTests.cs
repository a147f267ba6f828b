namespace Hematology.Integration.Hl7Mapping.Tests.Catalog;

public sealed class HematologyCatalogBuilderTests
{
    [Fact]
    public void Build_WithoutDefaults_IsEmpty()
    {
        var catalog = HematologyCatalog.CreateBuilder(includeDefaults: false).Build();

        Assert.Empty(catalog.Parameters);
        Assert.False(catalog.TryNormalizeUnit("K/uL", out _));
        Assert.True(catalog.TryNormalizeUnit("10*3/uL", out _));
    }

    [Fact]
    public void AddParameterAndAlias_ExtendTheDefaults()
    {
        var catalog = HematologyCatalog.CreateBuilder()
            .AddParameter(new CatalogParameter
            {
                LocalCode = "WBC-C",
                Loinc = LoincCode.Parse("33256-9"),
                Display = "Leukocytes [#/volume] corrected for nucleated erythrocytes in Blood by Automated count",
                Property = LoincProperty.NumberConcentration,
                Unit = "10*3/uL",
            })
            .AddUnitAlias("Mrd/L", "10*9/L")
            .Build();

        Assert.True(catalog.TryFindByLocalCode("wbc-c", "Mrd/l", out var p));
        Assert.Equal("33256-9", p.Loinc.Value);
        Assert.True(catalog.TryFindByLocalCode("WBC", null, out _));
    }

    [Fact]
    public void AddParameter_SameLoinc_ReplacesTheDefault()
    {
        var catalog = HematologyCatalog.CreateBuilder()
            .AddParameter(new CatalogParameter { LocalCode = "LEUKO", Loinc = LoincCode.Parse("6690-2"), Display = "WBC", Property = LoincProperty.NumberConcentration, Unit = "10*9/L" })
            .Build();

        Assert.True(catalog.TryFindByLocalCode("LEUKO", "10*9/L", out var p));
        Assert.Equal("WBC", p.Display);
        Assert.False(catalog.TryFindByLocalCode("WBC", "10*9/L", out _));
    }

    [Fact]
    public void RemoveParameter_ByLocalCode_RemovesEveryEntry()
    {
        var catalog = HematologyCatalog.CreateBuilder().RemoveParameter("HGB").Build();

        Assert.False(catalog.TryFindByLocalCode("HGB", "g/dL", out _));
        Assert.False(catalog.TryFindByLocalCode("HGB", "mmol/L", out _));
    }

    [Fact]
    public void Build_InvalidEntries_ReportsEveryProblemAtOnce()
    {
        var builder = HematologyCatalog.CreateBuilder()
            .AddParameter(new CatalogParameter { LocalCode = "RDW-X", Loinc = LoincCode.Parse("30385-9"), Display = "RDW", Property = LoincProperty.Ratio, Unit = "fL" })
            .AddParameter(new CatalogParameter { LocalCode = "Y", Loinc = LoincCode.Parse("26464-8"), Display = "WBC", Property = LoincProperty.NumberConcentration, Unit = "furlongs" })
            .AddUnitAlias("kilo", "k/things")
            .AddRange(new CatalogRange { Loinc = LoincCode.Parse("718-7"), Unit = "g/dL", Low = 16m, High = 12m })
            .AddRange(new CatalogRange { Loinc = LoincCode.Parse("718-7"), Unit = "fL", Low = 1m, High = 2m })
            .AddRange(new CatalogRange { Loinc = LoincCode.Parse("777-3"), Unit = "10*3/uL", Low = 150m, High = 450m, CriticalLow = 200m, CriticalHigh = 400m });

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("RDW-X", error.Message, StringComparison.Ordinal);
        Assert.Contains("furlongs", error.Message, StringComparison.Ordinal);
        Assert.Contains("k/things", error.Message, StringComparison.Ordinal);
        Assert.Contains("low limit 16 is above", error.Message, StringComparison.Ordinal);
        Assert.Contains("'fL' does not fit", error.Message, StringComparison.Ordinal);
        Assert.Contains("critical low 200", error.Message, StringComparison.Ordinal);
        Assert.Contains("critical high 400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DuplicateLocalCodeWithSameProperty_IsRejected()
    {
        var builder = HematologyCatalog.CreateBuilder()
            .AddParameter(new CatalogParameter { LocalCode = "WBC", Loinc = LoincCode.Parse("26464-8"), Display = "WBC", Property = LoincProperty.NumberConcentration, Unit = "10*3/uL" });

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("'WBC'", error.Message, StringComparison.Ordinal);
    }
}
