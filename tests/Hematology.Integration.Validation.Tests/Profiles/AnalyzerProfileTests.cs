using Hematology.Integration.Validation.Profiles;
using static Hematology.Integration.Validation.Tests.TestCorpus;

namespace Hematology.Integration.Validation.Tests.Profiles;

public sealed class AnalyzerProfileTests
{
    [Theory]
    [InlineData(AnalyzerProfiles.GenericLongName)]
    [InlineData(AnalyzerProfiles.SysmexWideName)]
    [InlineData(AnalyzerProfiles.EuropeanLongName)]
    public void BuiltIn_EachProfile_IsValidAndNamed(string name)
    {
        var profile = AnalyzerProfiles.BuiltIn(name, "UTC");

        AnalyzerProfiles.Validate(profile);
        Assert.Equal(name, profile.Name);
        Assert.All(profile.Parameters, p => Assert.Equal(LoincCodeError.None, LoincCode.Validate(p.Loinc)));
    }

    [Fact]
    public void BuiltIn_UnknownName_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => AnalyzerProfiles.BuiltIn("nope", "UTC"));

        Assert.Contains(AnalyzerProfiles.GenericLongName, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AnalyzerProfiles.GenericLongName)]
    [InlineData(AnalyzerProfiles.SysmexWideName)]
    [InlineData(AnalyzerProfiles.EuropeanLongName)]
    public void ToJson_BuiltIn_RoundTripsThroughFromJson(string name)
    {
        var json = AnalyzerProfiles.ToJson(AnalyzerProfiles.BuiltIn(name, "Europe/Berlin"));

        var back = AnalyzerProfiles.FromJson(json);

        Assert.Equal(json, AnalyzerProfiles.ToJson(back));
    }

    [Fact]
    public async Task LoadAsync_LabProfileFromDocs_ValidatesItsExport()
    {
        await using var json = File.OpenRead(PathOf("profiles/example-lab-profile.json"));
        var profile = await AnalyzerProfiles.LoadAsync(json);

        var outcome = await ValidateFileAsync("example_lab_tsv.txt", profile);

        Assert.Equal("lab1-hema-tsv", profile.Name);
        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal(8.1m, outcome.Result("WBC").Value.Number);
        Assert.Equal(ResultInterpretation.Low, outcome.Result("HGB").Interpretation);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 5, 12, TimeSpan.FromHours(-5)), outcome.Result("WBC").AnalyzedAt);
        Assert.Equal(1, outcome.Summary.ExcludedRows);
        Assert.Equal(1, outcome.Summary.QualityControlRows);
    }

    [Fact]
    public void FromJson_ProfileWithManyProblems_ListsEveryProblem()
    {
        const string json = """
            {
              "name": "broken",
              "delimiter": ",",
              "decimalSeparator": ",",
              "timestampFormats": [],
              "columns": { "testCode": "Code" },
              "parameters": [
                { "code": "WBC", "loinc": "6690-3", "units": "10*3/uL" },
                { "code": "OLD", "loinc": "5895-7", "units": "%" },
                { "code": "HGB", "units": "g/dL", "plausibleLow": 10, "plausibleHigh": 1 }
              ]
            }
            """;

        var error = Assert.Throws<AnalyzerProfileException>(() => AnalyzerProfiles.FromJson(json));

        Assert.Contains(error.Errors, e => e.Contains("DecimalSeparator", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("TimeZone is required", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("TimestampFormats", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("SpecimenId or a PatientId", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("Value column", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("'6690-3'", StringComparison.Ordinal) && e.Contains("check digit", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("'5895-7'", StringComparison.Ordinal) && e.Contains("deprecated", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("'HGB' is reportable and needs a LOINC", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("PlausibleLow is above PlausibleHigh", StringComparison.Ordinal));
        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_MalformedJson_SaysWhere()
    {
        var error = Assert.Throws<AnalyzerProfileException>(() => AnalyzerProfiles.FromJson("{ \"name\": \"x\",\n \"layout\": \"Diagonal\" }"));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.layout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_MissingRequiredMembers_Throws()
    {
        Assert.Throws<AnalyzerProfileException>(() => AnalyzerProfiles.FromJson("{ \"layout\": \"Long\" }"));
    }

    [Fact]
    public void Validate_UnknownTimeZoneCultureAndEncoding_AreReported()
    {
        var profile = GenericLong with { TimeZone = "Mars/Olympus", Culture = "xx-NOPE-zz", Encoding = "klingon-8" };

        var error = Assert.Throws<AnalyzerProfileException>(() => AnalyzerProfiles.Validate(profile));

        Assert.Equal(3, error.Errors.Count);
    }

    [Fact]
    public void Validate_ConflictingUnitSpellings_AreReported()
    {
        var wbc = GenericLong.Parameters[0] with
        {
            SourceUnits = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["10^3/uL"] = 1m, ["x10³/µL"] = 1000m },
        };
        var profile = GenericLong with { Parameters = [wbc] };

        var error = Assert.Throws<AnalyzerProfileException>(() => AnalyzerProfiles.Validate(profile));

        Assert.Contains("different factors", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-32")]
    [InlineData("utf-32BE")]
    [InlineData("utf-7")]
    [InlineData("us-ascii")]
    [InlineData("utf-16BE")]
    [InlineData("shift_jis")]
    public async Task ValidateAsync_ProfilePinningAnyKnownEncoding_EndsWithAVerdictNeverAnUntypedException(string encoding)
    {
        AnalyzerProfile profile;
        try
        {
            profile = GenericLong with { Encoding = encoding };
            AnalyzerProfiles.Validate(profile);
        }
        catch (AnalyzerProfileException ex)
        {
            Assert.Contains(encoding, ex.Message, StringComparison.OrdinalIgnoreCase);
            return;
        }

        var outcome = await ValidateFileAsync("generic_long_valid_lf.csv", profile);

        Assert.Equal(EncodingReason.Profile, outcome.Summary.Encoding.Reason);
        Assert.Equal(outcome.Summary.ResultsAccepted, outcome.Results.Count);
    }

    [Fact]
    public void ValidateAsync_InvalidProfile_ThrowsAtTheCall()
    {
        var profile = GenericLong with { TimeZone = null };

        Assert.Throws<AnalyzerProfileException>(() => Validator().ValidateAsync(new MemoryStream(), Analyzer, profile));
    }
}
