using Hematology.Integration.Validation.Profiles;
using static Hematology.Integration.Validation.Tests.TestCorpus;

namespace Hematology.Integration.Validation.Tests.Engine;

public sealed class GenericLongTests
{
    [Fact]
    public async Task Validate_ValidFile_AcceptsEveryResultWithLoincUnitsAndInstrument()
    {
        var outcome = await ValidateFileAsync("generic_long_valid_lf.csv", GenericLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal(8, outcome.Results.Count);
        Assert.Empty(outcome.SetAside);
        var wbc = outcome.Results[0];
        Assert.Equal("WBC", wbc.LocalCode);
        Assert.Equal("6690-2", wbc.Loinc?.Value);
        Assert.Equal("7.42", wbc.Value.ToString());
        Assert.Equal("10*3/uL", wbc.Units);
        Assert.Equal("10^3/uL", wbc.SourceUnits);
        Assert.Equal("S2503140001", wbc.Specimen.Id);
        Assert.Equal("MRN1001", wbc.Patient?.Id);
        Assert.Equal(new InstrumentIdentity("XN-1000", "11001"), wbc.Instrument);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 5, 12, TimeSpan.FromHours(1)), wbc.AnalyzedAt);
        Assert.Equal(1, wbc.SourceRow);
        Assert.Equal(analyzerOf(wbc), Analyzer);
        Assert.Equal(ResultInterpretation.CriticalLow, outcome.Results.Single(r => r.LocalCode == "HGB" && r.Specimen.Id == "S2503140002").Interpretation);
        Assert.Equal("LL", outcome.Results.Single(r => r.LocalCode == "HGB" && r.Specimen.Id == "S2503140002").SourceFlag);
        Assert.Equal(8, outcome.Summary.DataRows);
        Assert.Equal(EncodingReason.ValidUtf8, outcome.Summary.Encoding.Reason);

        static AnalyzerId analyzerOf(LabResult r) => r.AnalyzerId;
    }

    [Fact]
    public async Task Validate_CrlfWithBom_GivesTheSameResultsAsLf()
    {
        var lf = await ValidateFileAsync("generic_long_valid_lf.csv", GenericLong);
        var crlf = await ValidateFileAsync("generic_long_valid_crlf_bom.csv", GenericLong);

        Assert.Equal(FileVerdict.Accepted, crlf.Verdict);
        Assert.Equal(EncodingReason.ByteOrderMark, crlf.Summary.Encoding.Reason);
        Assert.Equal(lf.Results.Select(r => (r.Specimen.Id, r.LocalCode, r.Value.ToString(), r.AnalyzedAt)), crlf.Results.Select(r => (r.Specimen.Id, r.LocalCode, r.Value.ToString(), r.AnalyzedAt)));
    }

    [Theory]
    [InlineData("generic_long_utf16le.csv", "utf-16")]
    [InlineData("generic_long_utf16be.csv", "utf-16BE")]
    public async Task Validate_Utf16WithBom_DecodesAndAccepts(string file, string encoding)
    {
        var outcome = await ValidateFileAsync(file, GenericLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal(encoding, outcome.Summary.Encoding.Name);
        Assert.Equal(8, outcome.Results.Count);
    }

    [Fact]
    public async Task Validate_Cp1252MicroAndSuperscriptUnits_NormalisesSpellings()
    {
        var outcome = await ValidateFileAsync("generic_long_cp1252_units.csv", GenericLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal(EncodingReason.Windows1252, outcome.Summary.Encoding.Reason);
        Assert.Equal("x10³/µL", outcome.Result("WBC").SourceUnits);
        Assert.Equal("10*3/uL", outcome.Result("WBC").Units);
        Assert.Equal("fL", outcome.Result("MCV").Units);
    }

    [Fact]
    public async Task Validate_GreekMuInUtf8_IsTheSameUnitAsMicroSign()
    {
        var outcome = await ValidateFileAsync("generic_long_greek_mu_utf8.csv", GenericLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal(3, outcome.Results.Count);
        Assert.Contains("\u03bc", outcome.Result("PLT").SourceUnits, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_QuotedFieldsWithDelimitersNewlinesAndHl7Characters_KeepsIdentifiersIntact()
    {
        var outcome = await ValidateFileAsync("generic_long_quoted.csv", GenericLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal(3, outcome.Results.Count);
        Assert.Equal(@"MRN|3001^A&B~C\\D", outcome.Result("WBC").Patient?.Id);
        Assert.Equal("198", outcome.Result("PLT").Value.ToString());
        Assert.Equal(3, outcome.Result("PLT").SourceRow);
    }

    [Fact]
    public async Task Validate_TruncatedLastLine_RejectsFileAndSetsTheLastRowAside()
    {
        var outcome = await ValidateFileAsync("generic_long_truncated.csv", GenericLong);

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        Assert.Contains(outcome.Summary.FileIssues, i => i.Code == ValidationIssueCodes.FileIncomplete);
        var last = Assert.Single(outcome.SetAside);
        Assert.Equal(2, last.Row);
        Assert.Contains(last.Issues, i => i.Code == ValidationIssueCodes.RowTruncated);
        Assert.Single(outcome.Results);
    }

    [Fact]
    public async Task Validate_MissingColumns_RejectsFileNamingMissingAndFoundColumns()
    {
        var outcome = await ValidateFileAsync("generic_long_missing_column.csv", GenericLong);

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        var issue = Assert.Single(outcome.Summary.FileIssues);
        Assert.Equal(ValidationIssueCodes.MissingColumns, issue.Code);
        Assert.Equal(0, issue.Row);
        Assert.Contains("'Result_Value'", issue.Message, StringComparison.Ordinal);
        Assert.Contains("'Units'", issue.Message, StringComparison.Ordinal);
        Assert.Contains("found 'Patient_ID', 'Test_Code', 'Flag', 'Timestamp'", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Specimen_ID", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_FileWithoutHeaderRow_RejectsFileWithoutEchoingItsFirstRow()
    {
        const string text = "MRN1001,S2503140001,WBC,7.42,10^3/uL,,2025-03-14T10:05:12,XN-1000^11001\nMRN1001,S2503140001,HGB,13.5,g/dL,,2025-03-14T10:05:12,XN-1000^11001\n";

        var outcome = await ValidateTextAsync(text, GenericLong);

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        var issue = Assert.Single(outcome.Summary.FileIssues);
        Assert.Equal(ValidationIssueCodes.MissingColumns, issue.Code);
        Assert.Contains("'Patient_ID'", issue.Message, StringComparison.Ordinal);
        Assert.Contains("8 column(s)", issue.Message, StringComparison.Ordinal);
        Assert.Contains("no header row", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MRN1001", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("S2503140001", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_OutOfPlausibleRange_RejectsThoseRowsOnly()
    {
        var outcome = await ValidateFileAsync("generic_long_out_of_range.csv", GenericLong);

        Assert.Equal(FileVerdict.AcceptedWithRejectedRows, outcome.Verdict);
        Assert.Equal("HGB", Assert.Single(outcome.Results).LocalCode);
        Assert.Equal([1L, 3L], outcome.SetAside.Select(r => r.Row));
        Assert.All(outcome.SetAside, r => Assert.Equal(ValidationIssueCodes.OutOfPlausibleRange, Assert.Single(r.Issues).Code));
        Assert.All(outcome.SetAside, r => Assert.Equal("Result_Value", r.Issues[0].Column));
        Assert.Equal(2, outcome.Summary.RowsRejected);
    }

    [Fact]
    public async Task Validate_Sentinels_BecomeTypedValues()
    {
        var outcome = await ValidateFileAsync("generic_long_sentinels.csv", GenericLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal(ResultValue.NotReported("----"), outcome.Result("WBC").Value);
        Assert.Equal(ResultValue.NotReported("*****"), outcome.Result("RBC").Value);
        Assert.Equal(ResultValue.NotReported("+++++"), outcome.Result("HGB").Value);
        Assert.Equal(ResultValue.OffScale(Comparator.GreaterThan, 1000m), outcome.Result("PLT").Value);
        Assert.Equal(ResultInterpretation.AboveAbsoluteHigh, outcome.Result("PLT").Interpretation);
        Assert.Equal(ResultValue.OffScale(Comparator.LessThan, 0.1m), outcome.Result("BASO#").Value);
        Assert.Equal(ResultValueKind.NotReported, outcome.Result("MCV").Value.Kind);
        Assert.Equal(ResultValue.NotReported("....."), outcome.Result("MCH").Value);
    }

    [Fact]
    public async Task Validate_SentinelsTheProfileRejects_RejectRows()
    {
        var profile = GenericLong with
        {
            Sentinels = new Dictionary<string, ValueHandling>(StringComparer.Ordinal) { ["----"] = ValueHandling.Reject },
            BlankValue = ValueHandling.Reject,
            OffScaleComparators = false,
        };

        var outcome = await ValidateFileAsync("generic_long_sentinels.csv", profile);

        Assert.Equal(FileVerdict.AcceptedWithRejectedRows, outcome.Verdict);
        var codes = outcome.SetAside.ToDictionary(r => r.Row, r => r.Issues[0].Code);
        Assert.Equal(ValidationIssueCodes.SentinelRejected, codes[1]);
        Assert.Equal(ValidationIssueCodes.ValueNotNumeric, codes[2]);
        Assert.Equal(ValidationIssueCodes.ValueNotNumeric, codes[4]);
        Assert.Equal(ValidationIssueCodes.ValueMissing, codes[6]);
    }

    [Fact]
    public async Task Validate_QcRows_AreSetAsideNeverResults()
    {
        var outcome = await ValidateFileAsync("generic_long_qc.csv", GenericLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal("MRN6001", Assert.Single(outcome.Results).Patient?.Id);
        Assert.Equal(2, outcome.Summary.QualityControlRows);
        Assert.All(outcome.SetAside.Take(2), r => Assert.Equal(RowDisposition.QualityControl, r.Disposition));
        Assert.Contains("QC-LOT2291-L1", outcome.SetAside[0].RawRecord, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_Rerun_RejectsTheRepeatPointingToTheFirstRow()
    {
        var outcome = await ValidateFileAsync("generic_long_reruns.csv", GenericLong);

        Assert.Equal(FileVerdict.AcceptedWithRejectedRows, outcome.Verdict);
        Assert.Equal(2, outcome.Results.Count);
        var rerun = Assert.Single(outcome.SetAside);
        Assert.Equal(3, rerun.Row);
        Assert.Equal(ValidationIssueCodes.Duplicate, rerun.Issues[0].Code);
        Assert.Contains("row 2", rerun.Issues[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_RerunWithKeepPolicy_KeepsBothWithAWarning()
    {
        var outcome = await ValidateFileAsync("generic_long_reruns.csv", GenericLong with { Duplicates = DuplicatePolicy.KeepWithWarning });

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal(3, outcome.Results.Count);
        Assert.Equal(ValidationIssueCodes.Duplicate, Assert.Single(outcome.Warnings).Code);
    }

    [Fact]
    public async Task Validate_ResearchParameters_AreExcludedAndCounted()
    {
        var outcome = await ValidateFileAsync("generic_long_research.csv", GenericLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal("WBC", Assert.Single(outcome.Results).LocalCode);
        Assert.Equal(2, outcome.Summary.ExcludedRows);
        Assert.All(outcome.SetAside, r => Assert.Equal(RowDisposition.Excluded, r.Disposition));
    }

    [Fact]
    public async Task Validate_DecimalCommaInPointProfile_RejectsRowWithHint()
    {
        var outcome = await ValidateFileAsync("generic_long_decimal_comma.csv", GenericLong);

        var row = Assert.Single(outcome.SetAside);
        Assert.Equal(ValidationIssueCodes.ValueNotNumeric, row.Issues[0].Code);
        Assert.Contains("decimal comma", row.Issues[0].Message, StringComparison.Ordinal);
        Assert.Equal("13.1", Assert.Single(outcome.Results).Value.ToString());
    }

    [Fact]
    public async Task Validate_BadCells_CollectsEveryIssueWithRowAndColumnAndNoPatientIds()
    {
        var outcome = await ValidateFileAsync("generic_long_bad_cells.csv", GenericLong);

        Assert.Equal(FileVerdict.AcceptedWithRejectedRows, outcome.Verdict);
        var byRow = outcome.SetAside.ToDictionary(r => r.Row, r => r.Issues.Select(i => (i.Code, i.Column)).ToArray());
        Assert.Equal((ValidationIssueCodes.UnknownParameter, "Test_Code"), byRow[1][0]);
        Assert.Equal((ValidationIssueCodes.ValueNotNumeric, "Result_Value"), byRow[2][0]);
        Assert.Equal((ValidationIssueCodes.UnknownUnit, "Units"), byRow[3][0]);
        Assert.Equal((ValidationIssueCodes.UnknownFlag, "Flag"), byRow[4][0]);
        Assert.Equal((ValidationIssueCodes.TimestampInvalid, "Timestamp"), byRow[5][0]);
        Assert.Equal(ValidationIssueCodes.FieldCount, byRow[7][0].Code);
        Assert.Null(outcome.Result("MCH").Patient);
        Assert.Equal("S9102", outcome.Result("MCH").Specimen.Id);
        Assert.All(outcome.AllIssues, i => Assert.DoesNotContain("MRN9101", i.Message, StringComparison.Ordinal));
        Assert.All(outcome.AllIssues, i => Assert.DoesNotContain("S9101", i.Message, StringComparison.Ordinal));
        Assert.All(outcome.SetAside, r => Assert.DoesNotContain("MRN", r.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_RowWithSeveralProblems_ReportsThemAll()
    {
        const string text = "Patient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\nMRN1,WBC,abc,furlongs,ZZ,yesterday\n";

        var outcome = await ValidateTextAsync(text, GenericLong);

        var row = Assert.Single(outcome.SetAside);
        Assert.Equal(
            [ValidationIssueCodes.UnknownUnit, ValidationIssueCodes.ValueNotNumeric, ValidationIssueCodes.UnknownFlag, ValidationIssueCodes.TimestampInvalid],
            row.Issues.Select(i => i.Code));
        Assert.All(row.Issues, i => Assert.Equal(1, i.Row));
        Assert.All(row.Issues, i => Assert.Equal(2, i.Line));
    }

    [Fact]
    public async Task Validate_TimestampWithOffset_KeepsTheOffset()
    {
        const string text = "Patient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\nMRN1,WBC,5.0,10^3/uL,,2025-03-14T10:00:00-05:00\n";

        var outcome = await ValidateTextAsync(text, GenericLong);

        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.FromHours(-5)), Assert.Single(outcome.Results).AnalyzedAt);
    }

    [Fact]
    public async Task Validate_LocalTimeInSkippedDaylightSavingHour_IsRejectedNotGuessed()
    {
        const string text = "Patient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\nMRN1,WBC,5.0,10^3/uL,,2025-03-30T02:30:00\nMRN1,HGB,13.0,g/dL,,2025-10-26T02:30:00\n";

        var outcome = await ValidateTextAsync(text, GenericLong);

        Assert.Equal(2, outcome.SetAside.Count);
        Assert.All(outcome.SetAside, r => Assert.Equal(ValidationIssueCodes.TimestampAmbiguous, r.Issues[0].Code));
    }

    [Fact]
    public async Task Validate_NoSpecimenColumn_UsesThePatientIdAsSpecimen()
    {
        var outcome = await ValidateFileAsync("generic_long_cp1252_units.csv", GenericLong);

        Assert.All(outcome.Results, r => Assert.Equal(r.Patient?.Id, r.Specimen.Id));
    }

    [Fact]
    public async Task Validate_IdentifierWithLineBreak_IsRejected()
    {
        const string text = "Patient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\n\"MRN\n1\",WBC,5.0,10^3/uL,,2025-03-14T10:00:00\n";

        var outcome = await ValidateTextAsync(text, GenericLong);

        Assert.Equal(ValidationIssueCodes.IdentifierInvalid, Assert.Single(outcome.SetAside).Issues[0].Code);
    }

    [Fact]
    public async Task Validate_ExcelSeparatorLine_IsSkipped()
    {
        const string text = "sep=,\nPatient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\nMRN1,WBC,5.0,10^3/uL,,2025-03-14T10:00:00\n";

        var outcome = await ValidateTextAsync(text, GenericLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Single(outcome.Results);
    }

    [Fact]
    public async Task Validate_UnterminatedQuote_RejectsTheRowAndTheFile()
    {
        const string text = "Patient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\nMRN1,WBC,5.0,10^3/uL,,2025-03-14T10:00:00\nMRN1,HGB,\"13.0,g/dL,,2025-03-14T10:00:00\n";

        var outcome = await ValidateTextAsync(text, GenericLong);

        Assert.Equal("WBC", Assert.Single(outcome.Results).LocalCode);
        Assert.Contains(ValidationIssueCodes.RowMalformed, outcome.Codes());
        Assert.NotEqual(FileVerdict.Accepted, outcome.Verdict);
    }
}
