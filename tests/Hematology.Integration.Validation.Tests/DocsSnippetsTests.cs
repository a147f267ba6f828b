using Hematology.Integration.Validation.Profiles;
using static Hematology.Integration.Validation.Tests.TestCorpus;

namespace Hematology.Integration.Validation.Tests;

/// <summary>The C# snippets of docs/profiles.md and the package README, compiled and run.</summary>
public sealed class DocsSnippetsTests
{
    [Fact]
    public void ProfilesDoc_BuiltInSnippet_BuildsUsableProfiles()
    {
        var profile = AnalyzerProfiles.SysmexWide("Europe/Berlin");
        var strict = profile with { FilePolicy = new FilePolicy { RejectFileOnAnyRejectedRow = true } };
        var byName = AnalyzerProfiles.BuiltIn("generic-long", "America/Chicago");

        AnalyzerProfiles.Validate(strict);
        AnalyzerProfiles.Validate(byName);
        Assert.True(strict.FilePolicy.RejectFileOnAnyRejectedRow);
        Assert.Equal("America/Chicago", byName.TimeZone);
        Assert.Equal(AnalyzerProfiles.ToJson(profile), AnalyzerProfiles.ToJson(AnalyzerProfiles.FromJson(AnalyzerProfiles.ToJson(profile))));
    }

    [Fact]
    public async Task Readme_QuickStart_StreamsAndCollects()
    {
        var path = PathOf("sysmex_wide_valid.csv");
        var acquiredFile = new AcquiredFile
        {
            AnalyzerId = Analyzer,
            CorrelationId = CorrelationId.New(TimeProvider.System),
            SourceName = "sysmex_wide_valid.csv",
            SourceLocation = "file:///corpus/",
            LocalPath = path,
            Length = new FileInfo(path).Length,
            Sha256 = Sha256Digest.Compute(File.ReadAllBytes(path)),
            AcquiredAt = DateTimeOffset.UnixEpoch,
        };
        var cancellationToken = CancellationToken.None;
        int results = 0, setAside = 0;
        FileVerdict? verdict = null;

        var validator = ResultFileValidatorFactory.Create(new ResultFileValidatorOptions { MaxDuration = TimeSpan.FromMinutes(2) });
        var profile = AnalyzerProfiles.SysmexWide(timeZone: "Europe/Berlin");
        await foreach (var item in validator.ValidateAsync(acquiredFile, profile, cancellationToken))
        {
            switch (item)
            {
                case ResultAccepted: results++; break;
                case RowSetAside: setAside++; break;
                case ValidationCompleted done: verdict = done.Summary.Verdict; break;
            }
        }

        await using var stream = File.OpenRead(path);
        var outcome = await validator.ValidateAllAsync(stream, AnalyzerId.Create("xn-1000-lab1"), profile);
        await using var stream2 = File.OpenRead(path);
        var report = await validator.CheckAllAsync(stream2, AnalyzerId.Create("xn-1000-lab1"), profile);

        Assert.Equal(FileVerdict.Accepted, verdict);
        Assert.Equal(outcome.Results.Count, results);
        Assert.Equal(outcome.SetAside.Count, setAside);
        Assert.Equal(outcome.Verdict, report.Verdict);
        Assert.Equal(outcome.Summary.ResultsAccepted, report.Summary.ResultsAccepted);
        Assert.Equal(outcome.SetAside.Count, report.SetAside.Count);
    }
}
