using System.Text;
using Hematology.Integration.Validation.Profiles;
using static Hematology.Integration.Validation.Tests.TestCorpus;

namespace Hematology.Integration.Validation.Tests.Engine;

public sealed class FileStructureTests
{
    [Fact]
    public async Task Validate_EmptyFile_IsRejected()
    {
        var outcome = await ValidateFileAsync("empty.csv", GenericLong);

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ValidationIssueCodes.FileEmpty, Assert.Single(outcome.Summary.FileIssues).Code);
    }

    [Fact]
    public async Task Validate_HeaderOnly_IsAcceptedWithNothingToSend()
    {
        var outcome = await ValidateFileAsync("header_only.csv", GenericLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Empty(outcome.Results);
        Assert.Equal(ValidationIssueCodes.NoDataRows, Assert.Single(outcome.Summary.FileIssues).Code);
    }

    [Fact]
    public async Task Validate_OnlyBomAndBlankLines_IsRejectedAsEmpty()
    {
        var outcome = await ValidateBytesAsync([0xEF, 0xBB, 0xBF, (byte)'\n', (byte)'\n'], GenericLong);

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ValidationIssueCodes.FileEmpty, Assert.Single(outcome.Summary.FileIssues).Code);
    }

    [Fact]
    public async Task Validate_TrailerRequiredAndPresent_IsComplete()
    {
        var profile = GenericLong with { Completeness = new CompletenessRule { RequireFinalNewline = false, TrailerPrefix = "END" } };
        const string text = "Patient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\nMRN1,WBC,5.0,10^3/uL,,2025-03-14T10:00:00\nEND,1";

        var outcome = await ValidateTextAsync(text, profile);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Single(outcome.Results);
        Assert.Equal(1, outcome.Summary.DataRows);
    }

    [Fact]
    public async Task Validate_TrailerRequiredButMissing_IsRejectedAsIncomplete()
    {
        var profile = GenericLong with { Completeness = new CompletenessRule { TrailerPrefix = "END" } };
        const string text = "Patient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\nMRN1,WBC,5.0,10^3/uL,,2025-03-14T10:00:00\n";

        var outcome = await ValidateTextAsync(text, profile);

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ValidationIssueCodes.FileIncomplete, Assert.Single(outcome.Summary.FileIssues).Code);
    }

    [Fact]
    public async Task Validate_DataAfterTrailer_IsRejectedRow()
    {
        var profile = GenericLong with { Completeness = new CompletenessRule { TrailerPrefix = "END" } };
        const string text = "Patient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\nEND\nMRN1,WBC,5.0,10^3/uL,,2025-03-14T10:00:00\n";

        var outcome = await ValidateTextAsync(text, profile);

        Assert.Equal(ValidationIssueCodes.DataAfterTrailer, Assert.Single(outcome.SetAside).Issues[0].Code);
    }

    [Fact]
    public async Task Validate_NoFinalNewlineAllowedByProfile_AcceptsTheLastRow()
    {
        var profile = GenericLong with { Completeness = new CompletenessRule { RequireFinalNewline = false } };
        const string text = "Patient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\nMRN1,WBC,5.0,10^3/uL,,2025-03-14T10:00:00";

        var outcome = await ValidateTextAsync(text, profile);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Single(outcome.Results);
    }

    [Fact]
    public async Task Validate_PolicyRejectOnAnyRow_RejectsTheFile()
    {
        var profile = GenericLong with { FilePolicy = new FilePolicy { RejectFileOnAnyRejectedRow = true } };

        var outcome = await ValidateFileAsync("generic_long_out_of_range.csv", profile);

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ValidationIssueCodes.TooManyRejectedRows, Assert.Single(outcome.Summary.FileIssues).Code);
        Assert.Equal(2, outcome.SetAside.Count);
    }

    [Theory]
    [InlineData(0.5, FileVerdict.Rejected)]
    [InlineData(0.7, FileVerdict.AcceptedWithRejectedRows)]
    public async Task Validate_PolicyMaxRejectedFraction_DecidesTheVerdict(double fraction, FileVerdict expected)
    {
        var profile = GenericLong with { FilePolicy = new FilePolicy { MaxRejectedRowFraction = fraction } };

        var outcome = await ValidateFileAsync("generic_long_out_of_range.csv", profile);

        Assert.Equal(expected, outcome.Verdict);
    }

    [Fact]
    public async Task Validate_RecordLargerThanLimit_RejectsTheFile()
    {
        var text = new StringBuilder("Patient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\n");
        text.Append("MRN1,WBC,\"").Append('9', 300_000).Append("\",10^3/uL,,2025-03-14T10:00:00\n");
        var validator = Validator(new ResultFileValidatorOptions { MaxRecordBytes = 16 * 1024, BufferSize = 4096 });

        var outcome = await validator.ValidateAllAsync(new ForwardOnlyStream(System.Text.Encoding.UTF8.GetBytes(text.ToString())), Analyzer, GenericLong);

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ValidationIssueCodes.RecordTooLarge, Assert.Single(outcome.Summary.FileIssues).Code);
    }

    [Fact]
    public async Task Validate_HeaderNamesMatchIgnoringCaseAndSpaces()
    {
        const string text = " patient_id , TEST_CODE,result_value,units,flag,timestamp\nMRN1,WBC,5.0,10^3/uL,,2025-03-14T10:00:00\n";

        var outcome = await ValidateTextAsync(text, GenericLong);

        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
    }

    [Fact]
    public async Task Validate_AcquiredFile_ReadsTheLocalCopy()
    {
        var path = PathOf("generic_long_valid_lf.csv");
        var file = new AcquiredFile
        {
            AnalyzerId = Analyzer,
            CorrelationId = CorrelationId.New(TimeProvider.System),
            SourceName = "generic_long_valid_lf.csv",
            SourceLocation = "file:///corpus/",
            LocalPath = path,
            Length = new FileInfo(path).Length,
            Sha256 = Sha256Digest.Compute(File.ReadAllBytes(path)),
            AcquiredAt = DateTimeOffset.UnixEpoch,
        };

        var outcome = await Validator().ValidateAllAsync(file, GenericLong);

        Assert.Equal(8, outcome.Results.Count);
        Assert.Equal(file.Length, outcome.Summary.BytesRead);
    }
}
