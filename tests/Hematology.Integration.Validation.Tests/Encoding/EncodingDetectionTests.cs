using System.Text;
using static Hematology.Integration.Validation.Tests.TestCorpus;

namespace Hematology.Integration.Validation.Tests.Encoding;

public sealed class EncodingDetectionTests
{
    private const string Header = "Patient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\n";

    [Fact]
    public async Task Validate_Latin1Bytes_DecidesLatin1WithReason()
    {
        var outcome = await ValidateFileAsync("generic_long_latin1.csv", GenericLong);

        Assert.Equal(EncodingReason.Latin1, outcome.Summary.Encoding.Reason);
        Assert.Equal("iso-8859-1", outcome.Summary.Encoding.Name);
        Assert.Contains("undefined in Windows-1252", outcome.Summary.Encoding.Detail, StringComparison.Ordinal);
        Assert.Equal("10³/µL", Assert.Single(outcome.Results).SourceUnits);
    }

    [Fact]
    public async Task Validate_PlainAscii_IsUtf8WithAsciiReason()
    {
        var outcome = await ValidateFileAsync("generic_long_valid_lf.csv", GenericLong);

        Assert.Equal("utf-8", outcome.Summary.Encoding.Name);
        Assert.Contains("ASCII", outcome.Summary.Encoding.Detail, StringComparison.Ordinal);
        Assert.False(outcome.Summary.Encoding.FromPrefix);
    }

    [Fact]
    public async Task Validate_Cp1252ByteOnlyAtTheEndOfASeekableFile_IsStillDecidedFromTheWholeFile()
    {
        var text = new StringBuilder(Header);
        for (var i = 0; i < 5000; i++)
        {
            text.Append("MRN").Append(i).Append(",WBC,5.0,10^3/uL,,2025-03-14T10:00:00\n");
        }

        text.Append("MRNX,PLT,200,10³/µL,,2025-03-14T10:00:00\n");
        var bytes = System.Text.Encoding.Latin1.GetBytes(text.ToString());

        var outcome = await ValidateBytesAsync(bytes, GenericLong);

        Assert.Equal(EncodingReason.Windows1252, outcome.Summary.Encoding.Reason);
        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
        Assert.Equal("10³/µL", outcome.Results[^1].SourceUnits);
    }

    [Fact]
    public async Task Validate_NonSeekableStreamTurningNonUtf8AfterTheProbe_IsRejectedAsInconsistent()
    {
        var text = new StringBuilder(Header);
        for (var i = 0; i < 5000; i++)
        {
            text.Append("MRN").Append(i).Append(",WBC,5.0,10^3/uL,,2025-03-14T10:00:00\n");
        }

        text.Append("MRNX,PLT,200,10³/µL,,2025-03-14T10:00:00\n");
        var bytes = System.Text.Encoding.Latin1.GetBytes(text.ToString());

        var outcome = await ValidateBytesAsync(bytes, GenericLong, seekable: false);

        Assert.True(outcome.Summary.Encoding.FromPrefix);
        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        Assert.Contains(outcome.Summary.FileIssues, i => i.Code == ValidationIssueCodes.EncodingInconsistent);
    }

    [Fact]
    public async Task Validate_NonSeekableSmallCp1252Stream_IsDecidedFromAllOfIt()
    {
        var outcome = await ValidateBytesAsync(Bytes("generic_long_cp1252_units.csv"), GenericLong, seekable: false);

        Assert.Equal(EncodingReason.Windows1252, outcome.Summary.Encoding.Reason);
        Assert.False(outcome.Summary.Encoding.FromPrefix);
        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
    }

    [Fact]
    public async Task Validate_Utf8SplitAcrossReads_IsValidUtf8()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Header + "MRN1,WBC,5.0,10³/µL,,2025-03-14T10:00:00\n");

        var outcome = await Validator().ValidateAllAsync(new ForwardOnlyStream(bytes, chunk: 1), Analyzer, GenericLong);

        Assert.Equal(EncodingReason.ValidUtf8, outcome.Summary.Encoding.Reason);
        Assert.Equal(FileVerdict.Accepted, outcome.Verdict);
    }

    [Fact]
    public async Task Validate_Utf32Bom_IsRejectedAsUnsupported()
    {
        var outcome = await ValidateBytesAsync([0xFF, 0xFE, 0, 0, (byte)'A', 0, 0, 0], GenericLong);

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ValidationIssueCodes.EncodingUnsupported, Assert.Single(outcome.Summary.FileIssues).Code);
    }

    [Fact]
    public async Task Validate_ProfilePinsEncoding_UsesItWithProfileReason()
    {
        var profile = GenericLong with { Encoding = "windows-1252" };

        var outcome = await ValidateFileAsync("generic_long_cp1252_units.csv", profile);

        Assert.Equal(EncodingReason.Profile, outcome.Summary.Encoding.Reason);
        Assert.Equal("x10³/µL", outcome.Result("WBC").SourceUnits);
    }
}
