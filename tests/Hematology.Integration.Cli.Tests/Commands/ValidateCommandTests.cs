using Hematology.Integration.Testing;
using Hematology.Integration.Cli.Demo;

namespace Hematology.Integration.Cli.Tests.Commands;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly IReadOnlyList<DemoAnalyzer> _analyzers;

    public ValidateCommandTests()
    {
        _analyzers = DemoExports.Write(_folder.Path, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), new DemoExpectation());
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("xn-10", "XN10_20261201_0001.csv", "sysmex-wide", "54 result(s) accepted", "1 QC row(s)")]
    [InlineData("gen-1", "gen1_20261201_run1.csv", "generic-long", "26 result(s) accepted", "0 row(s) rejected")]
    [InlineData("eu-1", "eu1_20261201_0001.csv", "european-long", "16 result(s) accepted", "0 row(s) rejected")]
    public async Task Validate_GoodExport_PrintsAcceptedAndExitsZero(string analyzer, string file, string profile, string results, string rows)
    {
        var run = await CliRunner.RunAsync("validate", "--profile", profile, "--time-zone", "UTC", Export(analyzer, file));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains($"{file}: ACCEPTED (profile {profile}", run.Output, StringComparison.Ordinal);
        Assert.Contains(results, run.Output, StringComparison.Ordinal);
        Assert.Contains(rows, run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public async Task Validate_BadRow_NamesItsRowAndColumnAndExitsOne()
    {
        var run = await CliRunner.RunAsync("validate", "-p", "generic-long", "--time-zone", "UTC", Export("gen-1", "gen1_20261201_run2.csv"));

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains("ACCEPTED WITH REJECTED ROWS", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 row(s) rejected", run.Output, StringComparison.Ordinal);

        // Specimen 1 has 18 rows, so specimen 2's MCV (its fifth test) is data row 23.
        Assert.Matches(@"error\s+row 23 \(line 24\), column Result_Value: ", run.Output);
    }

    [Fact]
    public async Task Validate_RerunKeptByPolicy_PrintsTheWarningWithItsRowAndExitsZero()
    {
        // The command checks in issues-only mode: warnings of accepted rows must still be printed, with their rows.
        var profile = _folder.Combine("keep-reruns.json");
        var keepReruns = Hematology.Integration.Validation.Profiles.AnalyzerProfiles.GenericLong("UTC") with
        {
            Name = "keep-reruns",
            Duplicates = Hematology.Integration.Validation.Profiles.DuplicatePolicy.KeepWithWarning,
        };
        await File.WriteAllTextAsync(profile, Hematology.Integration.Validation.Profiles.AnalyzerProfiles.ToJson(keepReruns));
        var export = _folder.Combine("reruns.csv");
        await File.WriteAllTextAsync(export,
            "Patient_ID,Specimen_ID,Test_Code,Result_Value,Units,Flag,Timestamp,Instrument\n"
            + "MRN1,S1,WBC,7.42,10^3/uL,,2026-12-01T08:00:00,XN-1000^11001\n"
            + "MRN1,S1,HGB,13.5,g/dL,,2026-12-01T08:00:00,XN-1000^11001\n"
            + "MRN1,S1,WBC,7.40,10^3/uL,,2026-12-01T08:05:00,XN-1000^11001\n");

        var run = await CliRunner.RunAsync("validate", "-p", profile, export);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("3 result(s) accepted", run.Output, StringComparison.Ordinal);
        Assert.Contains("0 error(s), 1 warning(s)", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"warning row 3 \(line 4\): DUPLICATE_RESULT: ", run.Output);
    }

    [Fact]
    public async Task Validate_MissingMandatoryColumn_RejectsTheFileNamingTheColumn()
    {
        var run = await CliRunner.RunAsync("validate", "-p", "sysmex-wide", "--time-zone", "UTC", Export("xn-10", "XN10_20261201_0002.csv"));

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains("REJECTED", run.Output, StringComparison.Ordinal);
        Assert.Contains("Sample No.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BuiltInProfileWithoutTimeZone_ExitsWithUsageAndAHint()
    {
        var run = await CliRunner.RunAsync("validate", "-p", "generic-long", Export("gen-1", "gen1_20261201_run1.csv"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("needs the instrument's time zone", run.Error, StringComparison.Ordinal);
        Assert.Contains("hint: Add --time-zone", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownProfile_ExitsNotFoundListingTheBuiltIns()
    {
        var run = await CliRunner.RunAsync("validate", "-p", "no-such-profile", Export("gen-1", "gen1_20261201_run1.csv"));

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("generic-long, sysmex-wide, european-long", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ProfileFileWithAnError_ExitsInvalidConfiguration()
    {
        var profile = _folder.Combine("broken-profile.json");
        await File.WriteAllTextAsync(profile, "{ \"name\": ");

        var run = await CliRunner.RunAsync("validate", "-p", profile, Export("gen-1", "gen1_20261201_run1.csv"));

        Assert.Equal(ExitCodes.InvalidConfiguration, run.ExitCode);
        Assert.Contains("is not valid", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsNotFound()
    {
        var run = await CliRunner.RunAsync("validate", "-p", "generic-long", "--time-zone", "UTC", _folder.Combine("nothere.csv"));

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownOption_ExitsWithUsage()
    {
        var run = await CliRunner.RunAsync("validate", "-p", "generic-long", "a.csv", "extra.csv");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Unrecognized command or argument 'extra.csv'", run.Error, StringComparison.Ordinal);
        Assert.Contains("hint: run 'hematology --help'", run.Error, StringComparison.Ordinal);
    }

    private string Export(string analyzer, string file) => Path.Combine(_analyzers.Single(a => a.Id == analyzer).DropFolder, file);
}
