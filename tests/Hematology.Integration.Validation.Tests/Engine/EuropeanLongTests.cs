using static Hematology.Integration.Validation.Tests.TestCorpus;

namespace Hematology.Integration.Validation.Tests.Engine;

public sealed class EuropeanLongTests
{
    [Fact]
    public async Task Validate_SemicolonDecimalCommaCp1252_AcceptsWithConversionsAndRanges()
    {
        var outcome = await ValidateFileAsync("european_long_valid.csv", EuropeanLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal(EncodingReason.Windows1252, outcome.Summary.Encoding.Reason);
        Assert.Equal("7.42", outcome.Result("WBC").Value.ToString());
        Assert.Equal("10*9/L", outcome.Result("WBC").Units);
        Assert.Equal(new ReferenceRange(4.00m, 10.00m), outcome.Result("WBC").ReferenceRange);
        Assert.Equal(64.0m, outcome.Result("HGB").Value.Number);
        Assert.Equal("g/L", outcome.Result("HGB").Units);
        Assert.Equal(new ReferenceRange(120.0m, 160.0m), outcome.Result("HGB").ReferenceRange);
        Assert.Equal(ResultInterpretation.CriticalLow, outcome.Result("HGB").Interpretation);
        Assert.Equal(1012m, outcome.Result("PLT").Value.Number);
        Assert.Equal(41m, outcome.Result("HCT").Value.Number);
        Assert.Equal(new InstrumentIdentity("XN-1000", "11001"), outcome.Result("WBC").Instrument);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 5, 12, TimeSpan.FromHours(1)), outcome.Result("WBC").AnalyzedAt);
    }

    [Fact]
    public async Task Validate_DecimalPointAndImpossibleDate_AreRejectedNotGuessed()
    {
        var outcome = await ValidateFileAsync("european_long_decimal_point.csv", EuropeanLong);

        Assert.Equal(FileVerdict.AcceptedWithRejectedRows, outcome.Verdict);
        Assert.Empty(outcome.Results);
        Assert.Equal(ValidationIssueCodes.ValueNotNumeric, outcome.SetAside[0].Issues[0].Code);
        Assert.Contains("ambiguous", outcome.SetAside[0].Issues[0].Message, StringComparison.Ordinal);
        Assert.Equal(ValidationIssueCodes.TimestampInvalid, outcome.SetAside[1].Issues[0].Code);
    }
}
