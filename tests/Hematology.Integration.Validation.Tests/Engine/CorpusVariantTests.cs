using Hematology.Integration.Validation.Profiles;
using static Hematology.Integration.Validation.Tests.TestCorpus;

namespace Hematology.Integration.Validation.Tests.Engine;

/// <summary>Every profile's export read with and without a byte order mark, with CRLF and with LF line ends.</summary>
public sealed class CorpusVariantTests
{
    public static TheoryData<string, string, bool, bool> Variants()
    {
        var data = new TheoryData<string, string, bool, bool>();
        foreach (var (file, profile) in new[]
        {
            ("generic_long_valid_lf.csv", AnalyzerProfiles.GenericLongName),
            ("sysmex_wide_valid.csv", AnalyzerProfiles.SysmexWideName),
            ("european_long_valid.csv", AnalyzerProfiles.EuropeanLongName),
        })
        {
            foreach (var bom in new[] { true, false })
            {
                foreach (var crlf in new[] { true, false })
                {
                    data.Add(file, profile, bom, crlf);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Validate_ProfileExportAsUtf8WithOrWithoutBomAndEitherLineEnd_GivesTheSameResults(string file, string profileName, bool bom, bool crlf)
    {
        var profile = AnalyzerProfiles.BuiltIn(profileName, Zone);
        var original = await ValidateFileAsync(file, profile);
        Assert.Equal(FileVerdict.Accepted, original.Verdict);

        // Re-encode the decoded text: UTF-8 (µ and ³ become multi-byte), the chosen line end, the chosen preamble.
        var text = DecodeAsDetected(Bytes(file), original.Summary.Encoding.Name).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (crlf)
        {
            text = text.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        byte[] bytes = [.. (bom ? System.Text.Encoding.UTF8.Preamble : []), .. System.Text.Encoding.UTF8.GetBytes(text)];

        var variant = await ValidateBytesAsync(bytes, profile);

        Assert.Equal(FileVerdict.Accepted, variant.Verdict);
        Assert.Equal(bom ? EncodingReason.ByteOrderMark : EncodingReason.ValidUtf8, variant.Summary.Encoding.Reason);
        Assert.Equal(original.Summary.DataRows, variant.Summary.DataRows);
        Assert.Equal(Describe(original), Describe(variant));
        Assert.All(variant.Results, r => Assert.DoesNotContain('\r', r.Specimen.Id + r.SourceValue + r.SourceUnits + r.SourceFlag));
    }

    [Fact]
    public async Task Validate_DefaultPolicy_NeverDropsARowSilently()
    {
        Assert.False(GenericLong.FilePolicy.RejectFileOnAnyRejectedRow);
        Assert.Null(GenericLong.FilePolicy.MaxRejectedRowFraction);

        var outcome = await ValidateFileAsync("generic_long_bad_cells.csv", GenericLong);

        // The file is kept; every data row is either a result or set aside with its reason and its text for quarantine.
        Assert.Equal(FileVerdict.AcceptedWithRejectedRows, outcome.Verdict);
        var resultRows = outcome.Results.Select(r => r.SourceRow).ToHashSet();
        var asideRows = outcome.SetAside.Select(r => r.Row).ToHashSet();
        Assert.Empty(resultRows.Intersect(asideRows));
        Assert.Equal(Enumerable.Range(1, (int)outcome.Summary.DataRows).Select(i => (long)i), resultRows.Union(asideRows).Order());
        Assert.Equal(outcome.Summary.RowsRejected, outcome.SetAside.Count(r => r.Disposition == RowDisposition.Rejected));
        Assert.All(outcome.SetAside, r =>
        {
            Assert.Contains(r.Issues, i => i.Severity == IssueSeverity.Error && i.Row == r.Row);
            Assert.False(string.IsNullOrWhiteSpace(r.RawRecord));
            Assert.True(r.Line > r.Row, "the physical line counts the header");
        });
    }

    [Fact]
    public async Task Validate_QcLotInThePatientIdWithASpecimenNumber_IsStillQualityControl()
    {
        const string text = "Patient_ID,Specimen_ID,Test_Code,Result_Value,Units,Flag,Timestamp\n"
            + "QC-LOT2291-L1,S777,WBC,3.05,10^3/uL,,2025-03-14T07:00:00\n"
            + "MRN6001,S6001,WBC,6.60,10^3/uL,,2025-03-14T07:30:00\n";

        var outcome = await ValidateTextAsync(text, GenericLong);

        Assert.Equal("S6001", Assert.Single(outcome.Results).Specimen.Id);
        Assert.Equal(RowDisposition.QualityControl, Assert.Single(outcome.SetAside).Disposition);
        Assert.Equal(1, outcome.Summary.QualityControlRows);
    }

    private static string DecodeAsDetected(byte[] bytes, string encodingName)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var encoding = System.Text.Encoding.GetEncoding(encodingName);
        var preamble = encoding.Preamble;
        var start = bytes.AsSpan().StartsWith(preamble) ? preamble.Length : 0;
        return encoding.GetString(bytes, start, bytes.Length - start);
    }

    private static string Describe(ValidationOutcome outcome) => string.Join(
        "\n",
        outcome.Results.Select(r => $"{r.SourceRow} {r.Specimen.Id} {r.Patient?.Id} {r.LocalCode} {r.Value} {r.Units} {r.SourceUnits} {r.Interpretation} {r.SourceFlag} {r.AnalyzedAt:O} {r.Instrument} {r.ReferenceRange}")
            .Concat(outcome.SetAside.Select(r => $"aside {r.Row} {r.Disposition} {string.Join(",", r.Issues.Select(i => i.Code))}")));
}
