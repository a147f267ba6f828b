namespace Hematology.Integration.Hl7Mapping.Tests.Catalog;

public sealed class HematologyCatalogOptionsTests
{
    [Fact]
    public void Defaults_IncludeBuiltInsAndNoRanges()
    {
        var options = new HematologyCatalogOptions();

        Assert.True(options.IncludeDefaults);
        Assert.Empty(options.Parameters);
        Assert.Empty(options.UnitAliases);
        Assert.Empty(options.Ranges);
        Assert.True(new HematologyCatalogOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(HematologyCatalog.Default.Parameters.Count, options.Build().Parameters.Count);
    }

    [Fact]
    public void Build_Options_AddsParametersAliasesAndRanges()
    {
        var options = new HematologyCatalogOptions();
        options.UnitAliases["Mrd/L"] = "10*9/L";
        var p = new CatalogParameterOptions { LocalCode = "WBC-C", Loinc = "33256-9", Display = "WBC corrected", Property = LoincProperty.NumberConcentration, Unit = "10*3/uL" };
        p.Aliases.Add("WBCC");
        options.Parameters.Add(p);
        options.Ranges.Add(new CatalogRangeOptions { Loinc = "33256-9", Unit = "10*3/uL", Low = 4.5m, High = 11m, CriticalLow = 2m, CriticalHigh = 30m });

        var catalog = options.Build();

        Assert.True(catalog.TryFindByLocalCode("WBCC", "Mrd/L", out var found));
        Assert.Equal("33256-9", found.Loinc.Value);
        Assert.Equal(ResultInterpretation.CriticalHigh, catalog.Interpret(found.Loinc, "10*3/uL", ResultValue.Numeric(31m)));
    }

    public static TheoryData<string, Action<HematologyCatalogOptions>, string[]> Invalid => new()
    {
        { "bad check digit", o => o.Parameters.Add(new CatalogParameterOptions { LocalCode = "X", Loinc = "6690-3", Display = "X", Unit = "10*3/uL" }), ["check digit"] },
        { "deprecated code", o => o.Ranges.Add(new CatalogRangeOptions { Loinc = "5895-7", Unit = "%" }), ["deprecated"] },
        { "malformed", o => o.Parameters.Add(new CatalogParameterOptions { LocalCode = "X", Loinc = "ABC", Display = "X", Unit = "%" }), ["not a valid LOINC"] },
        { "missing names", o => o.Parameters.Add(new CatalogParameterOptions { Loinc = "6690-2", Unit = "10*3/uL" }), ["LocalCode is required", "Display is required"] },
        { "unit does not fit", o => o.Parameters.Add(new CatalogParameterOptions { LocalCode = "RDWX", Loinc = "788-0", Display = "RDW", Property = LoincProperty.Ratio, Unit = "fL" }), ["does not fit"] },
        { "unknown alias target", o => o.UnitAliases["x"] = "bogus", ["bogus"] },
        { "range low above high", o => o.Ranges.Add(new CatalogRangeOptions { Loinc = "718-7", Unit = "g/dL", Low = 20m, High = 10m }), ["low limit"] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validator_InvalidOptions_ReportsEachProblem(string because, Action<HematologyCatalogOptions> configure, string[] expected)
    {
        var options = new HematologyCatalogOptions();
        configure(options);

        var result = new HematologyCatalogOptionsValidator().Validate(null, options);

        Assert.True(result.Failed, because);
        foreach (var text in expected)
        {
            Assert.Contains(result.Failures!, f => f.Contains(text, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("11491-6")]
    [InlineData("11501-6")]
    [InlineData("5895-7")]
    [InlineData("5896-5")]
    [InlineData("5897-3")]
    [InlineData("5928-1")]
    [InlineData("6028-3")]
    [InlineData("6415-5")]
    [InlineData("6580-7")]
    [InlineData("6645-7")]
    [InlineData("6646-5")]
    [InlineData("6647-3")]
    [InlineData("6648-1")]
    [InlineData("6649-9")]
    public void Validator_DeprecatedCodeWithPublishedBadCheckDigit_IsRejectedWithItsOwnReason(string loinc)
    {
        var options = new HematologyCatalogOptions();
        options.Parameters.Add(new CatalogParameterOptions { LocalCode = "OLD", Loinc = loinc, Display = "Old code", Property = LoincProperty.NumberFraction, Unit = "%" });

        var failure = Assert.Single(new HematologyCatalogOptionsValidator().Validate(null, options).Failures!);

        Assert.Contains("deprecated code LOINC lists as published with an invalid check digit", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("check digit does not match", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_SeveralProblems_ReportsThemAllAtOnce()
    {
        var options = new HematologyCatalogOptions();
        options.Parameters.Add(new CatalogParameterOptions { LocalCode = "X", Loinc = "6690-3", Display = "X", Unit = "10*3/uL" });
        options.Ranges.Add(new CatalogRangeOptions { Loinc = "5895-7", Unit = "%" });
        options.Parameters.Add(new CatalogParameterOptions { Loinc = "6690-2" });

        var result = new HematologyCatalogOptionsValidator().Validate(null, options);

        Assert.Equal(4, result.Failures!.Count());
    }
}
