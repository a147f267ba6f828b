using System.Globalization;
using System.Text;
using Hematology.Integration.Validation.Profiles;
using static Hematology.Integration.Validation.Tests.TestCorpus;

namespace Hematology.Integration.Validation.Tests.Engine;

/// <summary>
/// <see cref="ValidationMode.IssuesOnly"/> must find exactly what the full validation finds: the same rows set aside
/// (with their issues, lines and raw text), the same warnings, file issues, counts and verdict.
/// </summary>
public sealed class IssuesOnlyModeTests
{
    private static readonly AnalyzerProfile[] Profiles =
    [
        GenericLong,
        SysmexWide,
        EuropeanLong,
        GenericLong with { Duplicates = DuplicatePolicy.KeepWithWarning },
        SysmexWide with { Duplicates = DuplicatePolicy.KeepWithWarning },
        EuropeanLong with { Duplicates = DuplicatePolicy.KeepWithWarning, BlankValue = ValueHandling.NotReported },
    ];

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in CorpusPaths())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= 12; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task CheckAll_EveryCorpusFileWithEveryProfile_FindsWhatTheFullValidationFinds(string file)
    {
        var bytes = Bytes(file);
        foreach (var profile in Profiles)
        {
            foreach (var seekable in new[] { true, false })
            {
                await AssertSameAsync(bytes, profile, seekable, $"{file}, {profile.Name}, seekable {seekable}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task CheckAll_RandomlyMutatedCorpus_FindsWhatTheFullValidationFinds(int seed)
    {
        var random = new Random(seed);
        foreach (var file in CorpusPaths())
        {
            var bytes = MutationTests.Mutate(File.ReadAllBytes(file), random);
            foreach (var profile in Profiles)
            {
                await AssertSameAsync(bytes, profile, seekable: random.Next(2) == 0, $"seed {seed}, {Path.GetFileName(file)}, {profile.Name}");
            }
        }
    }

    [Fact]
    public async Task CheckAll_RerunsKeptWithWarnings_ReportsEachWarnedRowOnceWithItsResultCount()
    {
        var profile = GenericLong with { Duplicates = DuplicatePolicy.KeepWithWarning };
        var events = new List<ValidationEvent>();
        var stream = File.OpenRead(PathOf("generic_long_reruns.csv"));
        await using (stream)
        {
            await foreach (var item in Validator().ValidateAsync(stream, Analyzer, profile, ValidationMode.IssuesOnly))
            {
                events.Add(item);
            }
        }

        Assert.DoesNotContain(events, e => e is ResultAccepted);
        var warned = events.OfType<RowAcceptedWithWarnings>().ToList();
        Assert.NotEmpty(warned);
        Assert.All(warned, w => Assert.Equal(1, w.Results));
        Assert.All(warned, w => Assert.Contains(w.Warnings, i => i.Code == ValidationIssueCodes.Duplicate && i.Row == w.Row));
        Assert.Equal(warned.Count, warned.Select(w => w.Row).Distinct().Count());
        Assert.IsType<ValidationCompleted>(events[^1]);
    }

    [Fact]
    public async Task CheckAll_PaddedAndNumericCells_AcceptsTheSameAsTheFullValidation()
    {
        // Spaces and tabs around cells, leading zeros, trailing zeros, a sign, an exponent and a value too long for the fast path.
        var text = ValidationExportHeader
            + "MRN1,S1,WBC, 7.42 ,10^3/uL,,2025-03-14T08:00:00,XN-1000^11001\n"
            + "MRN1,S1,RBC,\t004.50\t,10^6/uL,H,2025-03-14T08:00:00,XN-1000^11001\n"
            + "MRN1,S1,HGB,+13.5,g/dL,,2025-03-14T08:00:00,XN-1000^11001\n"
            + "MRN1,S1,HCT,4.1e1,%,,2025-03-14T08:00:00,XN-1000^11001\n"
            + "MRN1,S1,PLT,0000000000000000000212.000000000000001,10^3/uL,,2025-03-14T08:00:00,XN-1000^11001\n"
            + "MRN1,S1,MCV,88.,fL,,2025-03-14T08:00:00,XN-1000^11001\n"
            + "MRN1,S1,NEUT%,.5,%,,2025-03-14T08:00:00,XN-1000^11001\n"
            + "MRN1,S1,LYMPH%,-1,%,,2025-03-14T08:00:00,XN-1000^11001\n";
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        await AssertSameAsync(bytes, GenericLong, seekable: true, "padded cells");

        var outcome = await ValidateBytesAsync(bytes, GenericLong);
        Assert.Equal(7.42m, outcome.Result("WBC").Value.Number);
        Assert.Equal("4.50", outcome.Result("RBC").Value.Number!.Value.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task DefaultInterfaceImplementation_IssuesOnly_FiltersTheFullEventsToTheSameReport()
    {
        var profile = GenericLong with { Duplicates = DuplicatePolicy.KeepWithWarning };
        var bytes = Bytes("generic_long_reruns.csv");
        IResultFileValidator fullOnly = new FullOnlyValidator(Validator());
        var viaDefault = await fullOnly.CheckAllAsync(new MemoryStream(bytes), Analyzer, profile);
        var builtIn = await Validator().CheckAllAsync(new MemoryStream(bytes), Analyzer, profile);

        Assert.Equal(Describe(builtIn), Describe(viaDefault));
        Assert.NotEmpty(viaDefault.Warnings);
    }

    [Fact]
    public void ValidateAsync_UnknownMode_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Validator().ValidateAsync(new MemoryStream([]), Analyzer, GenericLong, (ValidationMode)7));
    }

    private const string ValidationExportHeader = "Patient_ID,Specimen_ID,Test_Code,Result_Value,Units,Flag,Timestamp,Instrument\n";

    private static string[] CorpusPaths() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.*").Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    private static async Task AssertSameAsync(byte[] bytes, AnalyzerProfile profile, bool seekable, string because)
    {
        var validator = Validator();
        var full = await validator.ValidateAllAsync(Open(bytes, seekable), Analyzer, profile);
        var report = await validator.CheckAllAsync(Open(bytes, seekable), Analyzer, profile);
        var expected = Describe(new ValidationReport { SetAside = full.SetAside, Warnings = full.Warnings, Summary = full.Summary });
        Assert.True(expected == Describe(report), $"{because}:\nfull:\n{expected}\nissues only:\n{Describe(report)}");
        Assert.Equal(full.Results.Count, report.Summary.ResultsAccepted);
    }

    private static Stream Open(byte[] bytes, bool seekable) => seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(bytes);

    private static string Describe(ValidationReport report)
    {
        var s = report.Summary;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{s.ProfileName} {s.Verdict} {s.Encoding} rows={s.DataRows} results={s.ResultsAccepted} rejected={s.RowsRejected} qc={s.QualityControlRows} excluded={s.ExcludedRows} bytes={s.BytesRead}");
        text.AppendLine("ignored: " + string.Join(" | ", s.IgnoredColumns));
        foreach (var issue in s.FileIssues)
        {
            text.AppendLine("file " + Issue(issue));
        }

        foreach (var row in report.SetAside)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"set aside {row.Row} line {row.Line} {row.Disposition} [{row.RawRecord}]");
            foreach (var issue in row.Issues)
            {
                text.AppendLine("  " + Issue(issue));
            }
        }

        foreach (var issue in report.Warnings)
        {
            text.AppendLine("warning " + Issue(issue));
        }

        text.AppendLine("all: " + string.Join(" ", report.AllIssues.Select(i => i.Code)));
        return text.ToString();
    }

    private static string Issue(ValidationIssue i) =>
        string.Create(CultureInfo.InvariantCulture, $"{i.Row}/{i.Line} {i.Column} {i.Code} {i.Severity}: {i.Message}");

    /// <summary>A validator that implements only the full mode, so the interface's default does the issues-only filtering.</summary>
    private sealed class FullOnlyValidator(IResultFileValidator inner) : IResultFileValidator
    {
        public IAsyncEnumerable<ValidationEvent> ValidateAsync(Stream content, AnalyzerId analyzerId, AnalyzerProfile profile, CancellationToken cancellationToken = default) =>
            inner.ValidateAsync(content, analyzerId, profile, cancellationToken);
    }
}
