using Hematology.Integration.Testing;
using static Hematology.Integration.Validation.Tests.TestCorpus;

namespace Hematology.Integration.Validation.Tests.Engine;

public sealed class SysmexWideTests
{
    [Fact]
    public async Task Validate_WideExport_ScalesHeaderUnitsAndMapsMarks()
    {
        var outcome = await ValidateFileAsync("sysmex_wide_valid.csv", SysmexWide);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal(2, outcome.Summary.DataRows);
        Assert.Equal(20, outcome.Results.Count);
        var first = outcome.Results.Where(r => r.SourceRow == 1).ToDictionary(r => r.LocalCode);
        Assert.Equal("8.06", first["WBC"].Value.ToString());
        Assert.Equal("806", first["WBC"].SourceValue);
        Assert.Equal("10/uL", first["WBC"].SourceUnits);
        Assert.Equal("10*3/uL", first["WBC"].Units);
        Assert.Equal("5.20", first["RBC"].Value.ToString());
        Assert.Equal("13.5", first["HGB"].Value.ToString());
        Assert.Equal("g/dL", first["HGB"].Units);
        Assert.Equal("41.1", first["HCT"].Value.ToString());
        Assert.Equal("79.0", first["MCV"].Value.ToString());
        Assert.Equal(ResultInterpretation.Low, first["MCV"].Interpretation);
        Assert.Equal("-", first["MCV"].SourceFlag);
        Assert.Equal("212", first["PLT"].Value.ToString());
        Assert.Equal(new InstrumentIdentity("XN-1000", "11001"), first["WBC"].Instrument);
        Assert.Equal("SMP2503140042", first["WBC"].Specimen.Id);
        Assert.Equal("MRN1001", first["WBC"].Patient?.Id);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 5, 12, TimeSpan.FromHours(1)), first["WBC"].AnalyzedAt);
        Assert.DoesNotContain("NEUT#&", first.Keys);
        Assert.Contains("NEUT#&(10/uL)", outcome.Summary.IgnoredColumns);
        Assert.Contains("WBC-C(10/uL)", outcome.Summary.IgnoredColumns);
        var second = outcome.Results.Where(r => r.SourceRow == 2).ToDictionary(r => r.LocalCode);
        Assert.Equal(ResultInterpretation.High, second["WBC"].Interpretation);
        Assert.Equal(ResultInterpretation.Abnormal, second["PLT"].Interpretation);
        Assert.Equal("79.3", second["NEUT%"].Value.ToString());
    }

    [Fact]
    public async Task Validate_QcAndRerun_SetsQcAsideAndRejectsTheRerun()
    {
        var outcome = await ValidateFileAsync("sysmex_wide_qc_rerun.csv", SysmexWide);

        Assert.Equal(FileVerdict.AcceptedWithRejectedRows, outcome.Verdict);
        Assert.Equal(RowDisposition.QualityControl, outcome.SetAside[0].Disposition);
        Assert.Equal(1, outcome.SetAside[0].Row);
        Assert.All(outcome.Results, r => Assert.Equal(2, r.SourceRow));
        var rerun = outcome.SetAside[1];
        Assert.Equal(3, rerun.Row);
        Assert.Equal(ValidationIssueCodes.Duplicate, Assert.Single(rerun.Issues).Code);
    }

    [Fact]
    public async Task Validate_UnitSystemChangedOnInstrument_RejectsTheFileAtTheHeader()
    {
        var outcome = await ValidateFileAsync("sysmex_wide_si_units.csv", SysmexWide);

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        var issue = Assert.Single(outcome.Summary.FileIssues);
        Assert.Equal(ValidationIssueCodes.HeaderUnknownUnit, issue.Code);
        Assert.Equal("HGB(10^(-1)mmol/L)", issue.Column);
        Assert.Empty(outcome.Results);
    }

    [Fact]
    public async Task Validate_WideExport_MatchesTheApprovedOutcome()
    {
        var outcome = await ValidateFileAsync("sysmex_wide_valid.csv", SysmexWide);

        Approval.Verify(OutcomeText.Describe(outcome), "SysmexWide_Outcome", [OutcomeText.ScrubElapsed]);
    }
}
