using Hematology.Integration.Testing;
namespace Hematology.Integration.Cli.Tests.Commands;

public sealed class DemoCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Demo_OnEmbeddedDefaults_SettlesEveryFileAndVerifiesTheTrail()
    {
        var root = _folder.Combine("demo");

        var run = await CliRunner.RunAsync("demo", "--dir", root);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Contains("5 settled: 3 accepted, 1 accepted with rows set aside, 1 rejected", run.Output, StringComparison.Ordinal);
        Assert.Contains("121 accepted, 1 row(s) rejected", run.Output, StringComparison.Ordinal);
        Assert.Contains("9 ORU^R01 acknowledged (AA) by the LIMS simulator, 0 quarantined, 0 still queued; the LIMS received 9 message(s) with 121 result(s), 0 resend(s)", run.Output, StringComparison.Ordinal);
        Assert.Contains("quarantine: 2 item(s)", run.Output, StringComparison.Ordinal);
        Assert.Contains("audit:      VERIFIED", run.Output, StringComparison.Ordinal);
        Assert.Contains("Demo succeeded", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("UNEXPECTED", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("DEMO-", run.Output, StringComparison.Ordinal); // no patient id is printed

        // The kept folder is what an operator would inspect next, with the operator commands.
        var spool = Path.Combine(root, "spool");
        var list = await CliRunner.RunAsync("quarantine", "list", "--spool", spool);
        Assert.Equal(ExitCodes.Success, list.ExitCode);
        Assert.Contains("2 item(s)", list.Output, StringComparison.Ordinal);
        Assert.Contains("invalid_file/", list.Output, StringComparison.Ordinal);
        Assert.Contains("rejected_rows/", list.Output, StringComparison.Ordinal);

        var onlyInvalid = await CliRunner.RunAsync("quarantine", "list", "--spool", spool, "--reason", "invalid_file");
        Assert.Contains("1 item(s)", onlyInvalid.Output, StringComparison.Ordinal);

        var verify = await CliRunner.RunAsync("audit", "verify", "--trail", Path.Combine(spool, "audit"), "--spool", spool);
        Assert.Equal(ExitCodes.Success, verify.ExitCode);
        Assert.Matches(@"[1-9]\d* retained file\(s\) re-hashed", verify.Output);
    }

    [Fact]
    public async Task Demo_IntoAFolderThatIsNotEmpty_RefusesWithAHint()
    {
        await File.WriteAllTextAsync(_folder.Combine("something.txt"), "x");

        var run = await CliRunner.RunAsync("demo", "--dir", _folder.Path);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("is not empty", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WithoutDir_RemovesItsTemporaryFolder()
    {
        var run = await CliRunner.RunAsync("demo");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var folder = run.Output.Split('\n')[0]["Demo in ".Length..].Trim();
        Assert.StartsWith(Path.GetTempPath().TrimEnd('/'), folder, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
        Assert.Contains("(removed; pass --keep to inspect)", run.Output, StringComparison.Ordinal);
    }
}
