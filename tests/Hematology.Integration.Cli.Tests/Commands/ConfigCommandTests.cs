using Hematology.Integration.Testing;
namespace Hematology.Integration.Cli.Tests.Commands;

public sealed class ConfigCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ConfigCheck_ValidSite_PrintsWhatItWillDoWithoutSecrets()
    {
        var file = await WriteAsync(SiteConfigurations.Valid(_folder.Path, limsPort: 2575, password: "s3cret-pass"));

        var run = await CliRunner.RunAsync("config", "check", "--config", file);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Contains("site.json: OK", run.Output, StringComparison.Ordinal);
        Assert.Contains("analyzer xn-lab1", run.Output, StringComparison.Ordinal);
        Assert.Contains("analyzer ftp-lab2", run.Output, StringComparison.Ordinal);
        Assert.Contains("destination lims", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pass", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_EverySampleInDocs_IsValid()
    {
        var samples = Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "samples"), "*.json");
        Assert.NotEmpty(samples);

        foreach (var sample in samples)
        {
            var run = await CliRunner.RunAsync("config", "check", "--config", sample);
            Assert.True(run.ExitCode == ExitCodes.Success, $"{sample}: {run.Output}{run.Error}");
        }
    }

    [Fact]
    public async Task ConfigCheck_SeveralMistakes_ReportsEveryErrorAtOnce()
    {
        var file = await WriteAsync("""
            {
              "Hematology": {
                "Analyzers": [
                  { "Id": "", "Profile": "no-such-profile", "Source": { "Kind": "LocalFolder" }, "Destinations": [ "nowhere" ] }
                ],
                "Destinations": [ { "Name": "lims", "Kind": "Mllp", "Port": 0 } ],
                "Hl7": { "ProcessingId": "X" }
              }
            }
            """);

        var run = await CliRunner.RunAsync("config", "check", "--config", file);

        Assert.Equal(ExitCodes.InvalidConfiguration, run.ExitCode);
        var errors = run.Output.Split('\n').Count(l => l.StartsWith("  - ", StringComparison.Ordinal));
        Assert.True(errors >= 5, run.Output);
        Assert.Contains("no-such-profile", run.Output, StringComparison.Ordinal);
        Assert.Contains("nowhere", run.Output, StringComparison.Ordinal);
        Assert.Contains("Hematology:Hl7: ProcessingId", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_NotJson_ExitsInvalidConfigurationWithAHint()
    {
        var file = await WriteAsync("{ this is not json");

        var run = await CliRunner.RunAsync("config", "check", "--config", file);

        Assert.Equal(ExitCodes.InvalidConfiguration, run.ExitCode);
        Assert.Contains("is not valid JSON", run.Error, StringComparison.Ordinal);
        Assert.Contains("hint:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_MissingFile_ExitsNotFound()
    {
        var run = await CliRunner.RunAsync("config", "check", "--config", _folder.Combine("nothere.json"));

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
    }

    [Fact]
    public async Task ConfigCheck_WithoutConfig_ExitsWithUsage()
    {
        var run = await CliRunner.RunAsync("config", "check");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Run_InvalidSite_ExitsInvalidConfigurationBeforeStarting()
    {
        var file = await WriteAsync("""{ "Hematology": { "Analyzers": [], "Destinations": [] } }""");

        var run = await CliRunner.RunAsync("run", "--config", file);

        Assert.Equal(ExitCodes.InvalidConfiguration, run.ExitCode);
        Assert.Contains("configuration error(s)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PauseStatus_NoRunningHost_ExitsNotFoundWithAHint()
    {
        var run = await CliRunner.RunAsync("pause", "status", "--spool", _folder.Path);

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("hint: Is 'hematology run' running", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuarantineRequeue_NoRunningHost_ExitsNotFoundWithAHint()
    {
        var run = await CliRunner.RunAsync("quarantine", "requeue", "ack_timeout/x.hl7", "--spool", _folder.Path, "--operator", "J. Doe", "--reason", "LIMS fixed");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("Start 'hematology run --config FILE' first", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuarantineList_EmptySpool_SaysSo()
    {
        var run = await CliRunner.RunAsync("quarantine", "list", "--spool", _folder.Path);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Quarantine is empty", run.Output, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Hematology.Integration.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }

    private async Task<string> WriteAsync(string json)
    {
        var file = _folder.Combine("site.json");
        await File.WriteAllTextAsync(file, json);
        return file;
    }
}
